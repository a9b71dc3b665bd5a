using Ticketing.Common;
using Ticketing.Events;
using Ticketing.Reservations;
using Ticketing.Seats;
using Ticketing.Tests.Builders;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Events;

[Collection(ClusterCollection.Name)]
public sealed class AvailabilityViewTests(ClusterFixture fixture)
{
    private IClusterClient Client => fixture.Client;

    private static Task<EventAvailability> WaitForAsync(IEventAvailabilityGrain view, Func<EventAvailability, bool> condition)
        => Poll.UntilAsync(view.GetAsync, condition, TimeSpan.FromSeconds(10), "the availability view");

    private static int Count(EventAvailability a, SeatStatus status) => a.Rows.Sum(r => r.Seats.Count(s => s == status));

    [Fact]
    public async Task Holds_and_sales_show_up_in_the_seat_map_and_category_counts()
    {
        var eventId = await new EventBuilder().WithSeats(2, 10).WithGeneralAdmission(100).PublishAsync(Client, fixture.Time.GetUtcNow());
        var view = Client.GetGrain<IEventAvailabilityGrain>(eventId);
        var initial = await view.GetAsync();
        Assert.Equal(20, Count(initial, SeatStatus.Available));

        var hold = await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("viewer", eventId, EventBuilder.Seats(1, 1, 2, 3), null, null));
        var ga = await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("viewer", eventId, [], EventBuilder.GeneralAdmissionId, 4));
        var sold = Client.GetGrain<IReservationGrain>(hold.Reservation!.Id);
        var booking = Ids.New();
        await sold.BeginConfirmationAsync("viewer", booking);
        await sold.CompleteConfirmationAsync(booking);

        var after = await WaitForAsync(view, a => Count(a, SeatStatus.Sold) == 3 && a.GeneralAdmission[0].Held == 4);
        Assert.Equal(3, Count(after, SeatStatus.Sold));
        Assert.Equal(17, Count(after, SeatStatus.Available));
        var std = after.Categories.Single(c => c.CategoryId == EventBuilder.Category);
        Assert.Equal((20, 17, 0, 3), (std.Total, std.Available, std.Held, std.Sold));
        var floor = after.Categories.Single(c => c.CategoryId == EventBuilder.GeneralAdmissionId);
        Assert.Equal((100, 96, 4, 0), (floor.Total, floor.Available, floor.Held, floor.Sold));
        Assert.True(after.Version > initial.Version);
        Assert.True(ga.Succeeded);
    }

    [Fact]
    public async Task Late_or_duplicated_row_updates_never_regress_the_view()
    {
        var eventId = await new EventBuilder().WithSeats(1, 3).PublishAsync(Client, fixture.Time.GetUtcNow());
        var view = Client.GetGrain<IEventAvailabilityGrain>(eventId);
        await view.GetAsync();
        var newer = new SeatRowSnapshot(EventBuilder.Section, "R1", EventBuilder.Category, 1000, [SeatStatus.Sold, SeatStatus.Sold, SeatStatus.Sold]);
        var older = newer with { Version = 999, Seats = [SeatStatus.Available, SeatStatus.Available, SeatStatus.Available] };
        await view.RowChangedAsync(newer);
        await view.RowChangedAsync(older);
        await view.RowChangedAsync(newer);
        var current = await WaitForAsync(view, a => Count(a, SeatStatus.Sold) == 3);
        Assert.Equal(3, Count(current, SeatStatus.Sold));
    }

    [Fact]
    public async Task A_lost_view_is_rebuilt_from_the_rows()
    {
        var eventId = await new EventBuilder().WithSeats(3, 5).PublishAsync(Client, fixture.Time.GetUtcNow());
        await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("r", eventId, EventBuilder.Seats(2, 1, 2), null, null));
        var view = Client.GetGrain<IEventAvailabilityGrain>(eventId);
        await WaitForAsync(view, a => Count(a, SeatStatus.Held) == 2);

        // Losing the activation (as a silo failover would) loses the in-memory view; the next read rebuilds it.
        await fixture.Cluster.DeactivateAsync(view);
        var rebuilt = await view.GetAsync();
        Assert.Equal(2, Count(rebuilt, SeatStatus.Held));
        Assert.Equal(13, Count(rebuilt, SeatStatus.Available));
    }

    [Fact]
    public async Task A_draft_shows_its_layout_all_available_and_follows_its_updates()
    {
        var id = Ids.New();
        var grain = Client.GetGrain<IEventGrain>(id);
        await grain.CreateAsync("org", new EventBuilder().WithSeats(2, 5).Build(fixture.Time.GetUtcNow()));
        var view = Client.GetGrain<IEventAvailabilityGrain>(id);
        var first = await view.GetAsync();
        Assert.Equal((10, 10), (first.Categories.Single().Total, first.Categories.Single().Available));
        Assert.Equal(first.Version, (await view.GetAsync()).Version);

        await grain.UpdateAsync("org", false, new EventBuilder().WithSeats(3, 5).WithGeneralAdmission(40).Build(fixture.Time.GetUtcNow()));
        var updated = await WaitForAsync(view, a => a.Rows.Length == 3);
        Assert.Equal(15, Count(updated, SeatStatus.Available));
        Assert.Equal(40, updated.Categories.Single(c => c.CategoryId == EventBuilder.GeneralAdmissionId).Available);
        Assert.True(updated.Version > first.Version);
    }

    [Fact]
    public async Task A_rebuilt_view_has_sold_seats_and_general_admission_counts_and_a_newer_version()
    {
        var eventId = await new EventBuilder().WithSeats(2, 4).WithGeneralAdmission(30).PublishAsync(Client, fixture.Time.GetUtcNow());
        var hold = await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("buyer", eventId, EventBuilder.Seats(2, 4), null, null));
        var reservation = Client.GetGrain<IReservationGrain>(hold.Reservation!.Id);
        var booking = Ids.New();
        await reservation.BeginConfirmationAsync("buyer", booking);
        await reservation.CompleteConfirmationAsync(booking);
        Assert.True((await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("buyer2", eventId, [], EventBuilder.GeneralAdmissionId, 7))).Succeeded);
        var view = Client.GetGrain<IEventAvailabilityGrain>(eventId);
        var before = await WaitForAsync(view, a => Count(a, SeatStatus.Sold) == 1 && a.GeneralAdmission[0].Held == 7);

        await fixture.Cluster.DeactivateAsync(view);
        var rebuilt = await view.GetAsync();
        Assert.Equal(SeatStatus.Sold, rebuilt.Rows.Single(r => r.RowId == "R2").Seats[3]);
        Assert.Equal((30, 23, 7, 0), (rebuilt.GeneralAdmission[0].Capacity, rebuilt.GeneralAdmission[0].Available, rebuilt.GeneralAdmission[0].Held, rebuilt.GeneralAdmission[0].Sold));
        Assert.True(rebuilt.Version > before.Version, "a rebuilt view must not reuse an earlier version (ETags)");
    }

    [Fact]
    public async Task Many_first_readers_of_a_lost_view_all_get_the_whole_map()
    {
        var eventId = await new EventBuilder().WithSeats(40, 20).PublishAsync(Client, fixture.Time.GetUtcNow());
        await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("r", eventId, EventBuilder.Seats(7, 1, 2, 3), null, null));
        var view = Client.GetGrain<IEventAvailabilityGrain>(eventId);
        await WaitForAsync(view, a => Count(a, SeatStatus.Held) == 3);
        await fixture.Cluster.DeactivateAsync(view);

        var readers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => view.GetAsync()));
        Assert.All(readers, a => Assert.Equal((40, 3, 797), (a.Rows.Length, Count(a, SeatStatus.Held), Count(a, SeatStatus.Available))));
    }

    [Fact]
    public async Task An_expired_hold_shows_as_available_once_its_row_releases_it()
    {
        var eventId = await new EventBuilder().WithSeats(1, 4).WithHoldTtl(1).PublishAsync(Client, fixture.Time.GetUtcNow());
        await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("brief", eventId, EventBuilder.Seats(1, 2), null, null));
        var view = Client.GetGrain<IEventAvailabilityGrain>(eventId);
        var held = await view.GetAsync();
        Assert.True(Count(held, SeatStatus.Held) <= 1);
        var released = await WaitForAsync(view, a => a.Version > held.Version && Count(a, SeatStatus.Available) == 4);
        Assert.Equal(4, released.Categories[0].Available);
    }
}
