using System.Collections.Immutable;

namespace Ticketing.Reservations;

/// <summary>
/// A hold request: either explicit <see cref="SeatIds"/>, or <see cref="CategoryId"/> + <see cref="Quantity"/>
/// (best available seats of a seated category, or places of a general-admission category). Never both.
/// <see cref="IdIsNew"/>: the caller minted the reservation id for this very call (not a repeat), so nothing can be
/// stored under it and the grain need not read its state first.
/// </summary>
[GenerateSerializer, Immutable, Alias("ticketing.CreateReservation")]
public sealed record CreateReservation(
    [property: Id(0)] string UserId,
    [property: Id(1)] string EventId,
    [property: Id(2)] ImmutableArray<string> SeatIds,
    [property: Id(3)] string? CategoryId,
    [property: Id(4)] int? Quantity,
    [property: Id(5)] bool IdIsNew = false);
