namespace Ticketing.Events.Catalog;

/// <summary>
/// Searches the catalog for events a buyer can still go to: an event whose start has passed stays OnSale until its
/// organizer closes it, but nobody can hold seats for it (holds refuse past events), so it is not listed.
/// </summary>
[StatelessWorker]
public sealed class EventCatalogGrain(IEventCatalog catalog, TimeProvider time) : Grain, IEventCatalogGrain
{
    public Task<EventSearchPage> SearchAsync(EventSearchQuery query)
    {
        var now = time.GetUtcNow();
        return catalog.SearchAsync(query.From is { } from && from > now ? query : query with { From = now }, CancellationToken.None);
    }
}
