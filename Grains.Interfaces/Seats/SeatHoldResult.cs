using System.Collections.Immutable;
using Ticketing.Common;

namespace Ticketing.Seats;

/// <summary>
/// The answer of a row to a hold: all requested seats held (with their total price) or none, with the seats
/// that were unavailable. Rows never wait, so a refusal is immediate.
/// </summary>
[GenerateSerializer, Immutable, Alias("ticketing.SeatHoldResult")]
public sealed record SeatHoldResult(
    [property: Id(0)] ImmutableArray<int> HeldSeatNumbers,
    [property: Id(1)] long TotalPrice,
    [property: Id(2)] DomainError? Error)
{
    public bool Succeeded => Error is null;
}
