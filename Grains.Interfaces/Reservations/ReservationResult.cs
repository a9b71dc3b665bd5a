using Ticketing.Common;

namespace Ticketing.Reservations;

[GenerateSerializer, Immutable, Alias("ticketing.ReservationResult")]
public sealed record ReservationResult([property: Id(0)] ReservationSnapshot? Reservation, [property: Id(1)] DomainError? Error)
{
    public bool Succeeded => Error is null;

    public static ReservationResult Ok(ReservationSnapshot reservation) => new(reservation, null);

    public static ReservationResult Fail(DomainError error) => new(null, error);
}
