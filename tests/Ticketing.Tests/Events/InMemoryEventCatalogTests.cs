using Ticketing.Events.Catalog;

namespace Ticketing.Tests.Events;

/// <summary>The embedded mode's catalog passes the same scenarios as the PostgreSQL one.</summary>
public sealed class InMemoryEventCatalogTests
{
    private readonly InMemoryEventCatalog _catalog = new();

    [Fact]
    public Task Text_matches_name_venue_or_description_but_only_on_sale_events()
        => CatalogScenarios.Text_matches_name_venue_or_description_but_only_on_sale_events(_catalog);

    [Fact]
    public Task A_late_or_repeated_write_never_replaces_a_newer_one()
        => CatalogScenarios.A_late_or_repeated_write_never_replaces_a_newer_one(_catalog);

    [Fact]
    public Task City_is_an_exact_case_insensitive_match_and_dates_bound_the_start()
        => CatalogScenarios.City_is_an_exact_case_insensitive_match_and_dates_bound_the_start(_catalog);

    [Fact]
    public Task Searched_as_of_an_instant_only_events_still_open_then_are_listed()
        => CatalogScenarios.Searched_as_of_an_instant_only_events_still_open_then_are_listed(_catalog);

    [Fact]
    public Task Results_come_in_start_order_a_page_at_a_time_with_the_full_total()
        => CatalogScenarios.Results_come_in_start_order_a_page_at_a_time_with_the_full_total(_catalog);
}
