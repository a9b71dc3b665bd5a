using Ticketing.Common;
using Ticketing.Events;
using Ticketing.Reservations;
using Ticketing.Tests.Builders;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Events;

/// <summary>The sale window and the show's start, under a clock these tests move.</summary>
[Collection(TimeTravelCollection.Name)]
public sealed class SalesWindowTests(TimeTravelClusterFixture fixture)
{
    private IClusterClient Client => fixture.Client;

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    private async Task<ReservationResult> HoldAsync(string eventId, int seat)
        => await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("buyer-" + seat, eventId, EventBuilder.Seats(1, seat), null, null));

    [Fact]
    public async Task Holds_are_taken_only_inside_the_sale_window()
    {
        var id = await new EventBuilder().WithSeats(1, 10).StartingAt(Now.AddHours(3)).WithSalesWindow(Now.AddHours(1), Now.AddHours(2)).PublishAsync(Client, Now);
        Assert.Equal(DomainErrorCodes.EventNotOnSale, (await HoldAsync(id, 1)).Error?.Code);

        fixture.Time.Advance(TimeSpan.FromHours(1));
        Assert.True((await HoldAsync(id, 2)).Succeeded);

        fixture.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(DomainErrorCodes.EventNotOnSale, (await HoldAsync(id, 3)).Error?.Code);
    }

    [Fact]
    public async Task An_event_that_has_started_leaves_the_catalog_though_still_on_sale()
    {
        var word = CatalogScenarios.Word();
        var id = await new EventBuilder().WithName($"{word} matinee").WithSeats(1, 10).StartingAt(Now.AddHours(1)).PublishAsync(Client, Now);
        Task<EventSearchPage> SearchAsync() => Client.GetGrain<IEventCatalogGrain>(0).SearchAsync(new EventSearchQuery(word, null, null, null, 0, 10));
        Assert.Equal(id, Assert.Single((await SearchAsync()).Items).EventId);

        fixture.Time.Advance(TimeSpan.FromMinutes(61));
        Assert.Empty((await SearchAsync()).Items);
    }

    [Fact]
    public async Task An_event_whose_sales_have_ended_leaves_the_catalog_though_still_on_sale()
    {
        var word = CatalogScenarios.Word();
        var id = await new EventBuilder().WithName($"{word} gala").WithSeats(1, 10).StartingAt(Now.AddDays(2)).WithSalesWindow(null, Now.AddHours(1)).PublishAsync(Client, Now);
        Task<EventSearchPage> SearchAsync() => Client.GetGrain<IEventCatalogGrain>(0).SearchAsync(new EventSearchQuery(word, null, null, null, 0, 10));
        Assert.Equal(id, Assert.Single((await SearchAsync()).Items).EventId);

        fixture.Time.Advance(TimeSpan.FromHours(1));
        Assert.Empty((await SearchAsync()).Items);
    }

    [Fact]
    public async Task No_holds_once_the_event_has_started()
    {
        var id = await new EventBuilder().WithSeats(1, 10).StartingAt(Now.AddHours(1)).PublishAsync(Client, Now);
        Assert.True((await HoldAsync(id, 1)).Succeeded);
        fixture.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(DomainErrorCodes.EventNotOnSale, (await HoldAsync(id, 2)).Error?.Code);
    }

    [Fact]
    public async Task A_draft_whose_start_has_passed_cannot_be_published()
    {
        var id = Ids.New();
        var grain = Client.GetGrain<IEventGrain>(id);
        await grain.CreateAsync("org", new EventBuilder().StartingAt(Now.AddMinutes(30)).Build(Now));
        fixture.Time.Advance(TimeSpan.FromHours(1));
        var refused = await grain.PublishAsync("org", false);
        Assert.Contains("startsAt", refused.Error!.FieldErrors!.Keys);
        Assert.Equal(EventStatus.Draft, (await grain.GetAsync())!.Status);
    }
}
