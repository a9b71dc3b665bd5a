using System.Collections.Concurrent;

namespace Ticketing.Bench;

/// <summary>A buyer the bench registered: its id and access token.</summary>
public sealed record Buyer(string Id, string Email, string Token);

/// <summary>A booking the API answered 201 Confirmed for.</summary>
public sealed record ConfirmedBooking(string Id, string UserId, IReadOnlyList<string> SeatIds, long Amount);

/// <summary>A hold the API answered 201 for: the server must still know it (in whatever state) after any fault.</summary>
public sealed record AcknowledgedHold(string Id, string Token, IReadOnlyList<string> SeatIds, int Quantity);

/// <summary>A booking the API answered 2xx for (Confirmed or pending): the server must still know it after any fault.</summary>
public sealed record AcknowledgedBooking(string Id, string Token, string Status);

/// <summary>The event under sale and what the clients saw happen to it.</summary>
public sealed class SaleModel
{
    public required string EventId { get; init; }

    /// <summary>When set-up began: ledger entries older than this belong to earlier runs on the same server.</summary>
    public required DateTimeOffset StartedAt { get; init; }
    public required int Rows { get; init; }
    public required IReadOnlyList<(string Section, string Row, string Category)> RowIds { get; init; }
    public required string GeneralAdmissionId { get; init; }
    public required string AdminToken { get; init; }
    public required IReadOnlyList<Buyer> Buyers { get; init; }
    public ConcurrentBag<ConfirmedBooking> Confirmed { get; } = [];
    public ConcurrentBag<AcknowledgedHold> Held { get; } = [];
    public ConcurrentBag<AcknowledgedBooking> Booked { get; } = [];
    /// <summary>Seats and GA places on sale: what "sold out" is measured against.</summary>
    public required int Capacity { get; init; }
    public int HoldsSucceeded;
    public int BookingsConfirmed;
    public int SeatMapReads;
    public int SeatsConfirmed;

    /// <summary>
    /// When confirmed bookings first covered 90% of the capacity, and how many holds and bookings had succeeded by
    /// then. A flash sale is over once the seats are gone, so rates over the whole run fall with the length of the run;
    /// these are the rates while there was something to sell.
    /// </summary>
    public TimeSpan? SoldNinetyPercentAfter;
    public int HoldsWhenNinetyPercentSold;
    public int BookingsWhenNinetyPercentSold;

    public void RecordConfirmed(int places, TimeSpan sinceStart)
    {
        var seats = Interlocked.Add(ref SeatsConfirmed, places);
        if (seats >= Capacity * 9 / 10 && SoldNinetyPercentAfter is null)
        {
            lock (Confirmed)
            {
                if (SoldNinetyPercentAfter is null)
                {
                    HoldsWhenNinetyPercentSold = Volatile.Read(ref HoldsSucceeded);
                    BookingsWhenNinetyPercentSold = Volatile.Read(ref BookingsConfirmed);
                    SoldNinetyPercentAfter = sinceStart;
                }
            }
        }
    }
}
