namespace Ticketing.Events.Catalog;

/// <summary>The searchable list of events, kept in step by the event grains.</summary>
public interface IEventCatalog
{
    /// <summary>Stores the entry unless the catalog already has a newer version of it.</summary>
    Task UpsertAsync(EventCatalogEntry entry, CancellationToken cancellationToken);

    Task<EventSearchPage> SearchAsync(EventSearchQuery query, CancellationToken cancellationToken);
}
