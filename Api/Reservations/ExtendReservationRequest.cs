namespace Ticketing.Api.Reservations;

public sealed record ExtendReservationRequest(int? Seconds);
