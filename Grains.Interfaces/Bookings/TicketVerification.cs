namespace Ticketing.Bookings;

/// <summary>The answer of a ticket check at the door: valid or not, and for which booking and seat.</summary>
[GenerateSerializer, Immutable, Alias("ticketing.TicketVerification")]
public sealed record TicketVerification(
    [property: Id(0)] bool Valid,
    [property: Id(1)] string? BookingId,
    [property: Id(2)] string? Reference,
    [property: Id(3)] string? EventId,
    [property: Id(4)] string? SeatId,
    [property: Id(5)] string? Reason);
