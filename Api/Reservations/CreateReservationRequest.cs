namespace Ticketing.Api.Reservations;

/// <summary><c>{eventId, seatIds}</c> or <c>{eventId, categoryId, quantity}</c>.</summary>
public sealed record CreateReservationRequest(string? EventId, IReadOnlyList<string>? SeatIds, string? CategoryId, int? Quantity);
