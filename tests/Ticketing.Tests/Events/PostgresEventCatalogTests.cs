using Npgsql;
using Ticketing.Events.Catalog;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Events;

/// <summary><see cref="PostgresEventCatalog"/> against the real table of schema migration 0005.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresEventCatalogTests(PostgresFixture postgres) : IAsyncLifetime
{
    private NpgsqlDataSource _dataSource = null!;

    private PostgresEventCatalog Catalog => new(_dataSource);

    public Task InitializeAsync()
    {
        if (!PostgresFactAttribute.Skipped)
        {
            _dataSource = NpgsqlDataSource.Create(postgres.ConnectionString);
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }

    [PostgresFact]
    public Task Full_text_search_matches_name_venue_or_description_but_only_on_sale_events()
        => CatalogScenarios.Text_matches_name_venue_or_description_but_only_on_sale_events(Catalog);

    [PostgresFact]
    public Task A_late_or_repeated_write_never_replaces_a_newer_one()
        => CatalogScenarios.A_late_or_repeated_write_never_replaces_a_newer_one(Catalog);

    [PostgresFact]
    public Task City_is_an_exact_case_insensitive_match_and_dates_bound_the_start()
        => CatalogScenarios.City_is_an_exact_case_insensitive_match_and_dates_bound_the_start(Catalog);

    [PostgresFact]
    public Task Searched_as_of_an_instant_only_events_still_open_then_are_listed()
        => CatalogScenarios.Searched_as_of_an_instant_only_events_still_open_then_are_listed(Catalog);

    [PostgresFact]
    public Task Results_come_in_start_order_a_page_at_a_time_with_the_full_total()
        => CatalogScenarios.Results_come_in_start_order_a_page_at_a_time_with_the_full_total(Catalog);

    [PostgresFact]
    public async Task Stemming_finds_an_event_by_another_form_of_a_word()
    {
        var word = CatalogScenarios.Word();
        var entry = CatalogScenarios.Entry($"{word} concerts");
        await Catalog.UpsertAsync(entry, CancellationToken.None);
        var found = await Catalog.SearchAsync(new Ticketing.Events.EventSearchQuery($"{word} concert", null, null, null, 0, 10), CancellationToken.None);
        Assert.Equal(entry.EventId, Assert.Single(found.Items).EventId);
    }
}
