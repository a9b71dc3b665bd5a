namespace Ticketing.Events.Catalog;

[StatelessWorker]
public sealed class EventCatalogGrain(IEventCatalog catalog) : Grain, IEventCatalogGrain
{
    public Task<EventSearchPage> SearchAsync(EventSearchQuery query) => catalog.SearchAsync(query, CancellationToken.None);
}
