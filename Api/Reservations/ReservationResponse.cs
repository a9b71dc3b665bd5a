using Ticketing.Reservations;

namespace Ticketing.Api.Reservations;

public sealed record ReservationResponse(
    string Id,
    string EventId,
    string UserId,
    IReadOnlyList<string> SeatIds,
    string? CategoryId,
    int Quantity,
    ReservationStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    long Amount,
    string Currency,
    string? BookingId)
{
    public static ReservationResponse From(ReservationSnapshot r)
        => new(r.Id, r.EventId, r.UserId, r.SeatIds, r.GeneralAdmissionCategoryId, r.Quantity, r.Status, r.CreatedAt, r.ExpiresAt, r.Amount, r.Currency, r.BookingId);
}
