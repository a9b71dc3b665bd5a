namespace Ticketing.Seats;

/// <summary>
/// Whether a seat row or GA counter accepts new holds, pushed by the event grain with a version so a late or
/// repeated push never reopens a closed sale. Holds also respect the sale window and the event start.
/// </summary>
[GenerateSerializer, Immutable, Alias("ticketing.SalesState")]
public sealed record SalesState(
    [property: Id(0)] bool Open,
    [property: Id(1)] long Version,
    [property: Id(2)] DateTimeOffset? SalesStartAt,
    [property: Id(3)] DateTimeOffset? SalesEndAt,
    [property: Id(4)] DateTimeOffset StartsAt);
