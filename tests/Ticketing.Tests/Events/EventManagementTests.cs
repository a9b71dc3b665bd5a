using Ticketing.Common;
using Ticketing.Events;
using Ticketing.Seats;
using Ticketing.Tests.Builders;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Events;

/// <summary>Who may change an event and when, and how the catalog follows every change.</summary>
[Collection(ClusterCollection.Name)]
public sealed class EventManagementTests(ClusterFixture fixture)
{
    private IClusterClient Client => fixture.Client;

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    private Task<EventSearchPage> SearchAsync(string word) => Client.GetGrain<IEventCatalogGrain>(0).SearchAsync(new EventSearchQuery(word, null, null, null, 0, 10));

    [Fact]
    public async Task A_cancelled_draft_never_configures_its_rows()
    {
        var id = Ids.New();
        var grain = Client.GetGrain<IEventGrain>(id);
        await grain.CreateAsync("org", new EventBuilder().WithSeats(3, 5).WithGeneralAdmission(10).Build(Now));
        var cancelled = await grain.CancelAsync("org", false);
        Assert.Equal(EventStatus.Cancelled, cancelled.Event!.Status);
        Assert.Equal(DomainErrorCodes.InvalidEventState, (await grain.PublishAsync("org", false)).Error!.Code);
        Assert.Null(await Client.GetGrain<ISeatRowGrain>(SeatRowKey.For(id, EventBuilder.Section, "R1")).GetSnapshotAsync());
        Assert.Null(await Client.GetGrain<IGeneralAdmissionGrain>(GeneralAdmissionKey.For(id, EventBuilder.GeneralAdmissionId)).GetSnapshotAsync());
        Assert.Equal(EventStatus.Cancelled, (await Client.GetGrain<ISaleTermsCacheGrain>(id).GetAsync())!.Status);
    }

    [Fact]
    public async Task Status_changes_follow_the_lifecycle_and_repeats_are_harmless()
    {
        var id = Ids.New();
        var grain = Client.GetGrain<IEventGrain>(id);
        await grain.CreateAsync("org", new EventBuilder().Build(Now));
        Assert.Equal(DomainErrorCodes.InvalidEventState, (await grain.CloseAsync("org", false)).Error!.Code);
        var published = (await grain.PublishAsync("org", false)).Event!;
        var again = (await grain.PublishAsync("org", false)).Event!;
        Assert.Equal((EventStatus.OnSale, published.Version), (again.Status, again.Version));
        var closed = (await grain.CloseAsync("org", false)).Event!;
        Assert.Equal(closed.Version, (await grain.CloseAsync("org", false)).Event!.Version);
        Assert.Equal(DomainErrorCodes.InvalidEventState, (await grain.UpdateAsync("org", false, new EventBuilder().Build(Now))).Error!.Code);
        Assert.True(closed.Version > published.Version);
    }

    [Fact]
    public async Task Admins_manage_any_event_and_other_organizers_none()
    {
        var id = Ids.New();
        var grain = Client.GetGrain<IEventGrain>(id);
        await grain.CreateAsync("owner", new EventBuilder().Build(Now));
        var renamed = new EventBuilder().Build(Now) with { Name = "Renamed by an admin" };
        Assert.Equal(DomainErrorCodes.EventNotFound, (await grain.UpdateAsync("stranger", false, renamed)).Error!.Code);
        Assert.Equal(DomainErrorCodes.EventNotFound, (await grain.CancelAsync("stranger", false)).Error!.Code);
        Assert.Equal("Renamed by an admin", (await grain.UpdateAsync("admin", true, renamed)).Event!.Definition.Name);
        Assert.Equal("owner", (await grain.GetAsync())!.OrganizerId);
        await grain.PublishAsync("owner", false);
        Assert.Equal(DomainErrorCodes.Forbidden, (await grain.CancelAsync("stranger", false)).Error!.Code);
        Assert.Equal(EventStatus.Cancelled, (await grain.CancelAsync("admin", true)).Event!.Status);
    }

    [Fact]
    public async Task Creating_an_existing_event_again_is_refused_unless_it_is_the_same_request()
    {
        var id = Ids.New();
        var grain = Client.GetGrain<IEventGrain>(id);
        var definition = new EventBuilder().Build(Now);
        var created = (await grain.CreateAsync("org", definition)).Event!;
        var retried = await grain.CreateAsync("org", definition with { Categories = [.. definition.Categories] });
        Assert.Equal((created.Id, created.Version), (retried.Event!.Id, retried.Event.Version));
        Assert.Equal(DomainErrorCodes.InvalidEventState, (await grain.CreateAsync("org", definition with { Name = "Another" })).Error!.Code);
        Assert.Equal(DomainErrorCodes.InvalidEventState, (await grain.CreateAsync("someone-else", definition)).Error!.Code);
        Assert.Equal(DomainErrorCodes.EventNotFound, (await Client.GetGrain<IEventGrain>(Ids.New()).PublishAsync("org", false)).Error!.Code);
    }

    [Fact]
    public async Task The_catalog_follows_renames_and_drops_events_whose_sales_end()
    {
        var word = CatalogScenarios.Word();
        var renamedWord = CatalogScenarios.Word();
        var closing = Ids.New();
        var cancelling = Ids.New();
        foreach (var id in new[] { closing, cancelling })
        {
            var grain = Client.GetGrain<IEventGrain>(id);
            await grain.CreateAsync("org", new EventBuilder().Build(Now) with { Name = $"{word} first name" });
            await grain.UpdateAsync("org", false, new EventBuilder().Build(Now) with { Name = $"{renamedWord} second name" });
            await grain.PublishAsync("org", false);
        }

        Assert.Equal(0, (await SearchAsync(word)).Total);
        Assert.Equal(2, (await SearchAsync(renamedWord)).Total);
        await Client.GetGrain<IEventGrain>(closing).CloseAsync("org", false);
        await Client.GetGrain<IEventGrain>(cancelling).CancelAsync("org", false);
        Assert.Equal(0, (await SearchAsync(renamedWord)).Total);
    }
}
