namespace Ticketing.Events;

/// <summary>A validated catalog search: on-sale events only, ordered by start time then id.</summary>
[GenerateSerializer, Immutable, Alias("ticketing.EventSearchQuery")]
public sealed record EventSearchQuery(
    [property: Id(0)] string? Text,
    [property: Id(1)] string? City,
    [property: Id(2)] DateTimeOffset? From,
    [property: Id(3)] DateTimeOffset? To,
    [property: Id(4)] int Skip,
    [property: Id(5)] int Take,
    [property: Id(6)] DateTimeOffset? OpenAt = null)
{
    /// <summary>With <see cref="OpenAt"/>: only events that can still be bought then (not started, sales not ended).</summary>
    public bool IsOpen(EventCatalogEntry e)
        => OpenAt is not { } at || (e.StartsAt > at && (e.SalesEndAt is not { } end || end > at));
}
