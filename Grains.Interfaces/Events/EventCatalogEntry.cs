namespace Ticketing.Events;

/// <summary>What the catalog knows of an event: enough to search and list it.</summary>
[GenerateSerializer, Immutable, Alias("ticketing.EventCatalogEntry")]
public sealed record EventCatalogEntry(
    [property: Id(0)] string EventId,
    [property: Id(1)] string OrganizerId,
    [property: Id(2)] string Name,
    [property: Id(3)] string Description,
    [property: Id(4)] string Venue,
    [property: Id(5)] string City,
    [property: Id(6)] DateTimeOffset StartsAt,
    [property: Id(7)] EventStatus Status,
    [property: Id(8)] string Currency,
    [property: Id(9)] long Version,
    [property: Id(10)] DateTimeOffset? SalesEndAt = null);
