namespace Ticketing.Api.Bookings;

/// <summary>The body of <c>POST /bookings/confirm</c>.</summary>
public sealed record ConfirmBookingRequest(string? ReservationId, string? PaymentMethod, string? PaymentToken);
