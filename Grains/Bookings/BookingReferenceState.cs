namespace Ticketing.Bookings;

[GenerateSerializer]
public sealed class BookingReferenceState
{
    [Id(0)] public string? BookingId { get; set; }
}
