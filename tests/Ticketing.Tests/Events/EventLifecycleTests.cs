using System.Collections.Immutable;
using Ticketing.Common;
using Ticketing.Events;
using Ticketing.Reservations;
using Ticketing.Seats;
using Ticketing.Tests.Builders;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Events;

[Collection(ClusterCollection.Name)]
public sealed class EventLifecycleTests(ClusterFixture fixture)
{
    private IClusterClient Client => fixture.Client;

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    [Fact]
    public async Task An_event_goes_from_draft_to_on_sale_to_closed_and_can_be_cancelled()
    {
        var id = Ids.New();
        var grain = Client.GetGrain<IEventGrain>(id);
        Assert.Equal(EventStatus.Draft, (await grain.CreateAsync("org", new EventBuilder().Build(Now))).Event!.Status);
        Assert.Equal(EventStatus.OnSale, (await grain.PublishAsync("org", false)).Event!.Status);
        Assert.Equal(DomainErrorCodes.InvalidEventState, (await grain.UpdateAsync("org", false, new EventBuilder().Build(Now))).Error!.Code);
        Assert.Equal(EventStatus.SalesClosed, (await grain.CloseAsync("org", false)).Event!.Status);
        Assert.Equal(DomainErrorCodes.InvalidEventState, (await grain.PublishAsync("org", false)).Error!.Code);
        Assert.Equal(EventStatus.Cancelled, (await grain.CancelAsync("org", false)).Event!.Status);
        Assert.Equal(EventStatus.Cancelled, (await grain.CancelAsync("org", false)).Event!.Status);
    }

    [Fact]
    public async Task Only_the_organizer_or_an_admin_manages_an_event_and_others_do_not_see_its_draft()
    {
        var id = Ids.New();
        var grain = Client.GetGrain<IEventGrain>(id);
        await grain.CreateAsync("owner", new EventBuilder().Build(Now));
        Assert.Equal(DomainErrorCodes.EventNotFound, (await grain.PublishAsync("stranger", false)).Error!.Code);
        Assert.True((await grain.PublishAsync("admin", true)).Succeeded);
        Assert.Equal(DomainErrorCodes.Forbidden, (await grain.CloseAsync("stranger", false)).Error!.Code);
    }

    [Fact]
    public async Task Closing_sales_stops_new_holds_in_every_row_at_once()
    {
        var id = await new EventBuilder().WithSeats(5, 4).WithGeneralAdmission(10).PublishAsync(Client, Now);
        await Client.GetGrain<IEventGrain>(id).CloseAsync("organizer-1", false);
        for (var row = 1; row <= 5; row++)
        {
            var refused = await Client.GetGrain<ISeatRowGrain>(SeatRowKey.For(id, EventBuilder.Section, $"R{row}")).TryHoldAsync(Ids.New(), [1], Now.AddMinutes(5));
            Assert.Equal(DomainErrorCodes.EventNotOnSale, refused.Error!.Code);
        }

        var ga = await Client.GetGrain<IGeneralAdmissionGrain>(GeneralAdmissionKey.For(id, EventBuilder.GeneralAdmissionId)).TryHoldAsync(Ids.New(), 1, Now.AddMinutes(5));
        Assert.Equal(DomainErrorCodes.EventNotOnSale, ga.Error!.Code);
    }

    [Fact]
    public async Task A_late_or_repeated_sales_state_never_reopens_a_closed_row()
    {
        var id = await new EventBuilder().PublishAsync(Client, Now);
        var row = Client.GetGrain<ISeatRowGrain>(SeatRowKey.For(id, EventBuilder.Section, "R1"));
        await row.SetSalesStateAsync(new SalesState(false, 10, null, null, Now.AddDays(30)));
        await row.SetSalesStateAsync(new SalesState(true, 9, null, null, Now.AddDays(30)));
        Assert.Equal(DomainErrorCodes.EventNotOnSale, (await row.TryHoldAsync(Ids.New(), [1], Now.AddMinutes(1))).Error!.Code);
    }

    [Fact]
    public async Task No_holds_before_the_sales_window_opens_or_after_it_closes()
    {
        var notYet = await new EventBuilder().WithSalesWindow(Now.AddDays(1), Now.AddDays(2)).PublishAsync(Client, Now);
        var early = await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("u", notYet, EventBuilder.Seats(1, 1), null, null));
        Assert.Equal(DomainErrorCodes.EventNotOnSale, early.Error!.Code);
    }

    [Fact]
    public async Task A_definition_with_many_mistakes_is_refused_with_every_mistake_listed()
    {
        var bad = new EventBuilder().Build(Now) with
        {
            Name = "",
            StartsAt = Now.AddDays(-1),
            TimeZone = "Mars/Olympus",
            Currency = "gbp",
            HoldTtlSeconds = 0,
            MaxSeatsPerReservation = 1000,
            Categories = [new PriceCategory("STD", "Standard", 0), new PriceCategory("STD", "Again", 100)],
            Sections = [new SectionDefinition("A-B", "Bad id", [new RowDefinition("R1", 501, "NOPE")])],
            GeneralAdmission = [new GeneralAdmissionDefinition("STD", "Clash", 100, 0)],
        };
        var result = await Client.GetGrain<IEventGrain>(Ids.New()).CreateAsync("org", bad);
        var errors = result.Error!.FieldErrors!;
        foreach (var field in new[] { "name", "startsAt", "timeZone", "currency", "holdTtlSeconds", "maxSeatsPerReservation", "categories[0].price",
                     "categories[1].id", "sections[0].id", "sections[0].rows[0].seats", "sections[0].rows[0].categoryId", "generalAdmission[0].id", "generalAdmission[0].capacity" })
        {
            Assert.True(errors.ContainsKey(field), $"missing error for {field}: {string.Join(", ", errors.Keys)}");
        }

        Assert.Null(await Client.GetGrain<IEventGrain>(Ids.New()).GetAsync());
    }

    [Fact]
    public async Task An_event_over_one_hundred_thousand_seats_is_refused()
    {
        var huge = new EventBuilder().Build(Now) with
        {
            Sections = [.. Enumerable.Range(0, 3).Select(s => new SectionDefinition($"S{s}", "S", [.. Enumerable.Range(0, 70).Select(r => new RowDefinition($"R{r}", 500, "STD"))]))],
        };
        var result = await Client.GetGrain<IEventGrain>(Ids.New()).CreateAsync("org", huge);
        Assert.Contains("sections", result.Error!.FieldErrors!.Keys);
    }

    [Fact]
    public async Task Sale_terms_describe_the_published_layout()
    {
        var id = await new EventBuilder().WithSeats(3, 7).WithGeneralAdmission(50).PublishAsync(Client, Now);
        var terms = await Client.GetGrain<ISaleTermsCacheGrain>(id).GetAsync();
        Assert.Equal(EventStatus.OnSale, terms!.Status);
        Assert.Equal(3, terms.Rows.Length);
        Assert.All(terms.Rows, r => Assert.Equal(7, r.Seats));
        Assert.Equal(50, terms.GeneralAdmission[EventBuilder.GeneralAdmissionId].Capacity);
        Assert.Null(await Client.GetGrain<ISaleTermsCacheGrain>(Ids.New()).GetAsync());
    }

    [Fact]
    public async Task The_catalog_lists_on_sale_events_matching_the_search()
    {
        var word = "Zebra" + Guid.NewGuid().ToString("N")[..6];
        var definition = new EventBuilder().Build(Now) with { Name = $"{word} Symphony", City = "Lisbon" };
        var id = Ids.New();
        await Client.GetGrain<IEventGrain>(id).CreateAsync("org", definition);
        var search = new EventSearchQuery(word, null, null, null, 0, 10);
        Assert.Equal(0, (await Client.GetGrain<IEventCatalogGrain>(0).SearchAsync(search)).Total);
        await Client.GetGrain<IEventGrain>(id).PublishAsync("org", false);

        var page = await Client.GetGrain<IEventCatalogGrain>(0).SearchAsync(search);
        Assert.Equal(id, Assert.Single(page.Items).EventId);
    }
}
