using System.Collections.Immutable;
using Ticketing.Events;

namespace Ticketing.Seats;

/// <summary>
/// Where a best-available request should try, read from the availability view (at most about half a second behind
/// the rows): rows of the category that had a free block of the wanted size, in the event's row order (front first),
/// and, for when none of them still has one, the free seats nearest each row's middle, front rows first. Only a hint:
/// the rows decide, all or nothing, so a stale hint costs a refusal, never a wrong hold.
/// </summary>
[GenerateSerializer, Immutable, Alias("ticketing.BestAvailableHint")]
public sealed record BestAvailableHint(
    [property: Id(0)] ImmutableArray<RowLayout> RowsWithBlock,
    [property: Id(1)] ImmutableArray<SeatId> ScatteredSeats)
{
    public static BestAvailableHint None { get; } = new([], []);
}
