using System.Collections.Concurrent;

namespace Ticketing.Events.Catalog;

/// <summary>
/// Embedded mode's catalog: one process, so a process-wide index is the whole catalog. Matching mirrors the
/// PostgreSQL one closely enough for a trial: every word of the query must appear in name, venue or description.
/// </summary>
public sealed class InMemoryEventCatalog : IEventCatalog
{
    private readonly ConcurrentDictionary<string, EventCatalogEntry> _entries = new(StringComparer.Ordinal);

    public Task UpsertAsync(EventCatalogEntry entry, CancellationToken cancellationToken)
    {
        _entries.AddOrUpdate(entry.EventId, entry, (_, existing) => existing.Version > entry.Version ? existing : entry);
        return Task.CompletedTask;
    }

    public Task<EventSearchPage> SearchAsync(EventSearchQuery query, CancellationToken cancellationToken)
    {
        var words = (query.Text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var matches = _entries.Values
            .Where(e => e.Status == EventStatus.OnSale)
            .Where(query.IsOpen)
            .Where(e => query.City is null || string.Equals(e.City, query.City, StringComparison.OrdinalIgnoreCase))
            .Where(e => query.From is null || e.StartsAt >= query.From)
            .Where(e => query.To is null || e.StartsAt <= query.To)
            .Where(e => words.All(w => Contains(e.Name, w) || Contains(e.Venue, w) || Contains(e.Description, w)))
            .OrderBy(e => e.StartsAt).ThenBy(e => e.EventId, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(new EventSearchPage([.. matches.Skip(query.Skip).Take(query.Take)], matches.Count));
    }

    private static bool Contains(string text, string word) => text.Contains(word, StringComparison.OrdinalIgnoreCase);
}
