namespace Ticketing.Tests.Api;

/// <summary>Event bodies in the exact JSON shape of SPEC section 9.</summary>
public static class ApiEventFactory
{
    public static object Body(int rows = 2, int seatsPerRow = 10, int gaCapacity = 50, string name = "Symphony No. 9", string city = "London", int holdTtlSeconds = 600) => new
    {
        name,
        description = "Beethoven's ninth",
        venue = "Royal Hall",
        city,
        startsAt = DateTimeOffset.UtcNow.AddDays(60),
        timeZone = "Europe/London",
        currency = "GBP",
        holdTtlSeconds,
        maxSeatsPerReservation = 10,
        categories = new[] { new { id = "STALLS", name = "Stalls", price = 5000 } },
        sections = new[]
        {
            new { id = "ORCH", name = "Orchestra", rows = Enumerable.Range(0, rows).Select(r => new { id = ((char)('A' + r)).ToString(), seats = seatsPerRow, categoryId = "STALLS" }).ToArray() },
        },
        generalAdmission = gaCapacity > 0 ? new[] { new { id = "FLOOR", name = "Standing", price = 3000, capacity = gaCapacity } } : [],
    };
}
