using System.Collections.Immutable;

namespace Ticketing.Reservations;

/// <summary>A new hold whose seats were taken under its reservation id (by <see cref="IHoldAttemptsGrain"/>), for the reservation to store.</summary>
[GenerateSerializer, Immutable, Alias("ticketing.HeldSeats")]
public sealed record HeldSeats(
    [property: Id(0)] CreateReservation Command,
    [property: Id(1)] ImmutableArray<string> SeatIds,
    [property: Id(2)] string? GeneralAdmissionCategoryId,
    [property: Id(3)] int Quantity,
    [property: Id(4)] long Amount,
    [property: Id(5)] string Currency,
    [property: Id(6)] int HoldTtlSeconds,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset ExpiresAt);
