using System.Collections.Immutable;

namespace Ticketing.Seats;

/// <summary>
/// The state of a row as the availability view sees it: one status per seat (index 0 = seat 1), expired holds
/// already shown as available, and a version that only grows.
/// </summary>
[GenerateSerializer, Immutable, Alias("ticketing.SeatRowSnapshot")]
public sealed record SeatRowSnapshot(
    [property: Id(0)] string SectionId,
    [property: Id(1)] string RowId,
    [property: Id(2)] string CategoryId,
    [property: Id(3)] long Version,
    [property: Id(4)] ImmutableArray<SeatStatus> Seats);
