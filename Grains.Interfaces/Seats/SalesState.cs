using Ticketing.Common;

namespace Ticketing.Seats;

/// <summary>
/// Whether a seat row or GA counter accepts new holds, pushed by the event grain with a version so a late or
/// repeated push never reopens a closed sale. Holds also respect the sale window and the event start.
/// <see cref="Cancelled"/> also stops holds made before from being extended or pinned for a payment: nothing may be
/// charged for a cancelled event.
/// </summary>
[GenerateSerializer, Immutable, Alias("ticketing.SalesState")]
public sealed record SalesState(
    [property: Id(0)] bool Open,
    [property: Id(1)] long Version,
    [property: Id(2)] DateTimeOffset? SalesStartAt,
    [property: Id(3)] DateTimeOffset? SalesEndAt,
    [property: Id(4)] DateTimeOffset StartsAt,
    [property: Id(5)] bool Cancelled = false)
{
    public static DomainError CancelledError() => new(DomainErrorCodes.EventNotOnSale, "The event was cancelled.");
}
