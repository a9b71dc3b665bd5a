namespace Ticketing.Events.Catalog;

/// <summary>
/// Searches the catalog for events a buyer can still buy: an event whose start or sales end has passed stays OnSale
/// until its organizer closes it, but nobody can hold seats for it (holds refuse it), so it is not listed.
/// </summary>
[StatelessWorker]
public sealed class EventCatalogGrain(IEventCatalog catalog, TimeProvider time) : Grain, IEventCatalogGrain
{
    public Task<EventSearchPage> SearchAsync(EventSearchQuery query)
        => catalog.SearchAsync(query with { OpenAt = time.GetUtcNow() }, CancellationToken.None);
}
