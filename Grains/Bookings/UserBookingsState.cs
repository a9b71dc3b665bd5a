namespace Ticketing.Bookings;

[GenerateSerializer]
public sealed class UserBookingsState
{
    /// <summary>Oldest first (appended); pages are read from the end.</summary>
    [Id(0)] public List<UserBookingEntry> Bookings { get; set; } = [];
}

[GenerateSerializer]
public sealed class UserBookingEntry
{
    [Id(0)] public string BookingId { get; set; } = "";

    [Id(1)] public DateTimeOffset CreatedAt { get; set; }
}
