namespace Ticketing.Events;

/// <summary>
/// Catalog search from any process (the Api may be a pure client): a stateless worker on each silo that asks the
/// silo's catalog (PostgreSQL full-text in PostgreSQL mode, an in-memory index when embedded).
/// </summary>
[Alias("ticketing.IEventCatalogGrain")]
public interface IEventCatalogGrain : IGrainWithIntegerKey
{
    [ReadOnly]
    Task<EventSearchPage> SearchAsync(EventSearchQuery query);
}
