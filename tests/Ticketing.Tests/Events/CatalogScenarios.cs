using Ticketing.Events;
using Ticketing.Events.Catalog;

namespace Ticketing.Tests.Events;

/// <summary>
/// What every <see cref="IEventCatalog"/> must do, run against the in-memory one and the PostgreSQL one alike, so the
/// embedded mode's search behaves like the real one. Every scenario uses its own made-up word, so catalogs shared
/// with other tests do not disturb it.
/// </summary>
public static class CatalogScenarios
{
    private static readonly DateTimeOffset Base = new(2031, 5, 1, 19, 0, 0, TimeSpan.Zero);

    /// <summary>A random word of letters only (full-text search keeps it as one token, unstemmed).</summary>
    public static string Word() => "zq" + string.Concat(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(8)) + "x";

    public static EventCatalogEntry Entry(string name, long version = 1, EventStatus status = EventStatus.OnSale, string city = "Lisbon",
        DateTimeOffset? startsAt = null, string description = "An evening of music", string venue = "Coliseu", DateTimeOffset? salesEndAt = null)
        => new(Ids(), "org-1", name, description, venue, city, startsAt ?? Base, status, "EUR", version, salesEndAt);

    private static string Ids() => Ticketing.Common.Ids.New();

    private static EventSearchQuery Search(string? text = null, string? city = null, DateTimeOffset? from = null, DateTimeOffset? to = null, int skip = 0, int take = 20)
        => new(text, city, from, to, skip, take);

    public static async Task Text_matches_name_venue_or_description_but_only_on_sale_events(IEventCatalog catalog)
    {
        var word = Word();
        var byName = Entry($"{word} Night");
        var byVenue = Entry("Jazz", venue: $"The {word} Club");
        var byDescription = Entry("Opera", description: $"Featuring the {word} quartet");
        var draft = Entry($"{word} draft", status: EventStatus.Draft);
        var closed = Entry($"{word} closed", status: EventStatus.SalesClosed);
        var cancelled = Entry($"{word} cancelled", status: EventStatus.Cancelled);
        var unrelated = Entry("Something else", city: word);
        foreach (var e in new[] { byName, byVenue, byDescription, draft, closed, cancelled, unrelated })
        {
            await catalog.UpsertAsync(e, CancellationToken.None);
        }

        var found = await catalog.SearchAsync(Search(word.ToUpperInvariant()), CancellationToken.None);
        Assert.Equal(3, found.Total);
        Assert.Equal(new[] { byName.EventId, byVenue.EventId, byDescription.EventId }.Order(), found.Items.Select(e => e.EventId).Order());
        var both = await catalog.SearchAsync(Search($"{word} quartet"), CancellationToken.None);
        Assert.Equal(byDescription.EventId, Assert.Single(both.Items).EventId);
    }

    public static async Task A_late_or_repeated_write_never_replaces_a_newer_one(IEventCatalog catalog)
    {
        var word = Word();
        var v1 = Entry($"{word} draft", version: 1, status: EventStatus.Draft);
        var v3 = v1 with { Name = $"{word} renamed", Version = 3, Status = EventStatus.OnSale };
        var v2 = v1 with { Name = $"{word} stale", Version = 2, Status = EventStatus.Draft };
        await catalog.UpsertAsync(v1, CancellationToken.None);
        await catalog.UpsertAsync(v3, CancellationToken.None);
        await catalog.UpsertAsync(v2, CancellationToken.None);
        await catalog.UpsertAsync(v3, CancellationToken.None);

        var found = await catalog.SearchAsync(Search(word), CancellationToken.None);
        var entry = Assert.Single(found.Items);
        Assert.Equal((v3.Name, 3L, EventStatus.OnSale), (entry.Name, entry.Version, entry.Status));

        // A newer write that takes the event off sale removes it from the listing.
        await catalog.UpsertAsync(v3 with { Version = 4, Status = EventStatus.SalesClosed }, CancellationToken.None);
        Assert.Equal(0, (await catalog.SearchAsync(Search(word), CancellationToken.None)).Total);
    }

    public static async Task City_is_an_exact_case_insensitive_match_and_dates_bound_the_start(IEventCatalog catalog)
    {
        var word = Word();
        var lisbonEarly = Entry($"{word} a", city: "Lisbon", startsAt: Base);
        var lisbonLate = Entry($"{word} b", city: "Lisbon", startsAt: Base.AddDays(10));
        var porto = Entry($"{word} c", city: "Porto", startsAt: Base.AddDays(5));
        foreach (var e in new[] { lisbonEarly, lisbonLate, porto })
        {
            await catalog.UpsertAsync(e, CancellationToken.None);
        }

        Assert.Equal(2, (await catalog.SearchAsync(Search(word, city: "LISBON"), CancellationToken.None)).Total);
        Assert.Equal(0, (await catalog.SearchAsync(Search(word, city: "Lis"), CancellationToken.None)).Total);
        var window = await catalog.SearchAsync(Search(word, from: Base.AddDays(5), to: Base.AddDays(10)), CancellationToken.None);
        Assert.Equal(new[] { porto.EventId, lisbonLate.EventId }, window.Items.Select(e => e.EventId));
        var before = await catalog.SearchAsync(Search(word, to: Base.AddDays(5).AddTicks(-10)), CancellationToken.None);
        Assert.Equal(lisbonEarly.EventId, Assert.Single(before.Items).EventId);
        var inPorto = await catalog.SearchAsync(Search(word, city: "porto", from: Base), CancellationToken.None);
        Assert.Equal(porto.EventId, Assert.Single(inPorto.Items).EventId);
    }

    public static async Task Results_come_in_start_order_a_page_at_a_time_with_the_full_total(IEventCatalog catalog)
    {
        var word = Word();
        var entries = Enumerable.Range(0, 5).Select(i => Entry($"{word} {i}", startsAt: Base.AddHours(5 - i))).ToList();
        var sameStart = Entry($"{word} twin", startsAt: entries[0].StartsAt);
        entries.Add(sameStart);
        foreach (var e in entries)
        {
            await catalog.UpsertAsync(e, CancellationToken.None);
        }

        var expected = entries.OrderBy(e => e.StartsAt).ThenBy(e => e.EventId, StringComparer.Ordinal).Select(e => e.EventId).ToList();
        var pages = new List<string>();
        for (var skip = 0; skip < 6; skip += 4)
        {
            var page = await catalog.SearchAsync(Search(word, skip: skip, take: 4), CancellationToken.None);
            Assert.Equal(6, page.Total);
            pages.AddRange(page.Items.Select(e => e.EventId));
        }

        Assert.Equal(expected, pages);
        var beyond = await catalog.SearchAsync(Search(word, skip: 40, take: 4), CancellationToken.None);
        Assert.Empty(beyond.Items);
        Assert.Equal(6, beyond.Total);
    }

    public static async Task Searched_as_of_an_instant_only_events_still_open_then_are_listed(IEventCatalog catalog)
    {
        var word = Word();
        var open = Entry($"{word} open", startsAt: Base.AddDays(2));
        var salesOpen = Entry($"{word} sales open", startsAt: Base.AddDays(2), salesEndAt: Base.AddDays(1));
        var salesEnded = Entry($"{word} sales ended", startsAt: Base.AddDays(2), salesEndAt: Base.AddHours(-1));
        var started = Entry($"{word} started", startsAt: Base.AddHours(-1));
        foreach (var e in new[] { open, salesOpen, salesEnded, started })
        {
            await catalog.UpsertAsync(e, CancellationToken.None);
        }

        var now = await catalog.SearchAsync(Search(word) with { OpenAt = Base }, CancellationToken.None);
        Assert.Equal(new[] { open.EventId, salesOpen.EventId }.Order(StringComparer.Ordinal), now.Items.Select(e => e.EventId).Order(StringComparer.Ordinal));
        Assert.Equal(2, now.Total);
        Assert.Equal(salesOpen.SalesEndAt, now.Items.Single(e => e.EventId == salesOpen.EventId).SalesEndAt);

        var anyTime = await catalog.SearchAsync(Search(word), CancellationToken.None);
        Assert.Equal(4, anyTime.Total);
    }
}
