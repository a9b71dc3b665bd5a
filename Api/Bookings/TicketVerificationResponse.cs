namespace Ticketing.Api.Bookings;

public sealed record TicketVerificationResponse(bool Valid, string? BookingId, string? Reference, string? EventId, string? SeatId, string? Reason);
