using System.Collections.Immutable;

namespace Ticketing.Reservations;

/// <summary>
/// A hold as clients see it. <see cref="SeatIds"/> is sorted; a GA hold has no seat ids but a
/// <see cref="GeneralAdmissionCategoryId"/> and <see cref="Quantity"/>. <see cref="Amount"/> is computed by the
/// server in minor units of <see cref="Currency"/>. An Active hold past <see cref="ExpiresAt"/> reads as Expired.
/// </summary>
[GenerateSerializer, Immutable, Alias("ticketing.ReservationSnapshot")]
public sealed record ReservationSnapshot(
    [property: Id(0)] string Id,
    [property: Id(1)] string UserId,
    [property: Id(2)] string EventId,
    [property: Id(3)] ImmutableArray<string> SeatIds,
    [property: Id(4)] string? GeneralAdmissionCategoryId,
    [property: Id(5)] int Quantity,
    [property: Id(6)] ReservationStatus Status,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset ExpiresAt,
    [property: Id(9)] long Amount,
    [property: Id(10)] string Currency,
    [property: Id(11)] string? BookingId);
