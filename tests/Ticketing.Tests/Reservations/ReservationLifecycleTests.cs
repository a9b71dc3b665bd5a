using Ticketing.Common;
using Ticketing.Reservations;
using Ticketing.Seats;
using Ticketing.Tests.Builders;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Reservations;

[Collection(ClusterCollection.Name)]
public sealed class ReservationLifecycleTests(ClusterFixture fixture)
{
    private IClusterClient Client => fixture.Client;

    private async Task<(string EventId, ReservationSnapshot Reservation)> HoldAsync(string user, params int[] seats)
    {
        var eventId = await new EventBuilder().WithSeats(2, 10).WithGeneralAdmission(20).PublishAsync(Client, fixture.Time.GetUtcNow());
        var result = await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation(user, eventId, EventBuilder.Seats(1, seats), null, null));
        Assert.True(result.Succeeded, result.Error?.Message);
        return (eventId, result.Reservation!);
    }

    [Fact]
    public async Task A_hold_is_priced_by_the_server_and_expires_after_the_event_ttl()
    {
        var (_, r) = await HoldAsync("priced", 1, 2, 3);
        Assert.Equal(3 * EventBuilder.Price, r.Amount);
        Assert.Equal("GBP", r.Currency);
        Assert.Equal(ReservationStatus.Active, r.Status);
        Assert.Equal(r.CreatedAt.AddSeconds(600), r.ExpiresAt);
        Assert.Equal(EventBuilder.Seats(1, 1, 2, 3).AsEnumerable(), r.SeatIds.AsEnumerable());
    }

    [Fact]
    public async Task Cancelling_releases_the_seats_and_is_idempotent()
    {
        var (eventId, r) = await HoldAsync("canceller", 4, 5);
        var grain = Client.GetGrain<IReservationGrain>(r.Id);
        Assert.Equal(ReservationStatus.Cancelled, (await grain.CancelAsync("canceller")).Reservation!.Status);
        Assert.Equal(ReservationStatus.Cancelled, (await grain.CancelAsync("canceller")).Reservation!.Status);
        var again = await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("next", eventId, EventBuilder.Seats(1, 4, 5), null, null));
        Assert.True(again.Succeeded);
    }

    [Fact]
    public async Task Another_user_cannot_see_extend_or_cancel_a_hold()
    {
        var (_, r) = await HoldAsync("owner", 6);
        var grain = Client.GetGrain<IReservationGrain>(r.Id);
        Assert.Equal(DomainErrorCodes.ReservationNotFound, (await grain.CancelAsync("intruder")).Error!.Code);
        Assert.Equal(DomainErrorCodes.ReservationNotFound, (await grain.ExtendAsync("intruder", 60)).Error!.Code);
        Assert.Equal(DomainErrorCodes.ReservationNotFound, (await grain.BeginConfirmationAsync("intruder", Ids.New())).Error!.Code);
        Assert.Equal(ReservationStatus.Active, (await grain.GetAsync())!.Status);
    }

    [Fact]
    public async Task Extending_moves_the_expiry_but_never_past_the_lifetime_cap()
    {
        var (_, r) = await HoldAsync("extender", 7);
        var grain = Client.GetGrain<IReservationGrain>(r.Id);
        var extended = await grain.ExtendAsync("extender", 3600);
        Assert.True(extended.Succeeded);
        Assert.Equal(r.CreatedAt.AddSeconds(1200), extended.Reservation!.ExpiresAt);
        Assert.Equal(DomainErrorCodes.ValidationFailed, (await grain.ExtendAsync("extender", 0)).Error!.Code);
    }

    [Fact]
    public async Task Best_available_seats_are_adjacent_in_one_row()
    {
        var eventId = await new EventBuilder().WithSeats(2, 10).PublishAsync(Client, fixture.Time.GetUtcNow());
        var result = await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("best", eventId, [], EventBuilder.Category, 4));
        Assert.True(result.Succeeded);
        var seats = result.Reservation!.SeatIds.Select(s => SeatId.TryParse(s, out var id) ? id : default).ToList();
        Assert.Single(seats.Select(s => s.Row).Distinct());
        Assert.Equal(Enumerable.Range(seats[0].Number, 4), seats.Select(s => s.Number));
        Assert.Equal(4 * EventBuilder.Price, result.Reservation.Amount);
    }

    [Fact]
    public async Task Best_available_falls_back_to_several_rows_when_no_row_has_a_block()
    {
        var eventId = await new EventBuilder().WithSeats(2, 3).PublishAsync(Client, fixture.Time.GetUtcNow());
        // Leave two free seats in each row, not adjacent to each other: 1 and 3.
        foreach (var row in new[] { 1, 2 })
        {
            Assert.True((await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation($"blocker{row}", eventId, EventBuilder.Seats(row, 2), null, null))).Succeeded);
        }

        var result = await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("spread", eventId, [], EventBuilder.Category, 3));
        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(3, result.Reservation!.SeatIds.Length);
        var tooMany = await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("late", eventId, [], EventBuilder.Category, 2));
        Assert.Equal(DomainErrorCodes.SoldOut, tooMany.Error!.Code);
    }

    [Fact]
    public async Task Best_available_goes_straight_to_the_first_row_that_still_has_a_block()
    {
        var eventId = await new EventBuilder().WithSeats(6, 4).WithMaxSeatsPerReservation(4).PublishAsync(Client, fixture.Time.GetUtcNow());
        // Rows 1-5 each keep two free seats apart (1 and 3); row 6 is untouched.
        for (var row = 1; row <= 5; row++)
        {
            Assert.True((await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation($"blocker{row}", eventId, EventBuilder.Seats(row, 2, 4), null, null))).Succeeded);
        }

        var view = Client.GetGrain<IEventAvailabilityGrain>(eventId);
        await Poll.UntilAsync(view.GetAsync, a => a.Categories.Single(c => c.CategoryId == EventBuilder.Category).Held == 10, TimeSpan.FromSeconds(10), "the view");
        var hint = await view.SuggestAsync(EventBuilder.Category, 2, 3);
        Assert.Equal(["R6"], hint.RowsWithBlock.Select(r => r.RowId));

        var result = await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("best", eventId, [], EventBuilder.Category, 2));
        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(EventBuilder.Seats(6, 2, 3).AsEnumerable(), result.Reservation!.SeatIds.AsEnumerable());
    }

    [Fact]
    public async Task A_stale_hint_costs_a_refusal_never_a_wrong_hold()
    {
        var eventId = await new EventBuilder().WithSeats(1, 4).WithMaxSeatsPerReservation(4).PublishAsync(Client, fixture.Time.GetUtcNow());
        var view = Client.GetGrain<IEventAvailabilityGrain>(eventId);
        Assert.Equal(["R1"], (await view.SuggestAsync(EventBuilder.Category, 4, 3)).RowsWithBlock.Select(r => r.RowId));

        // Taken right after the view last looked: the hint still offers the row, and the row refuses.
        Assert.True((await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("first", eventId, EventBuilder.Seats(1, 2), null, null))).Succeeded);
        var result = await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("late", eventId, [], EventBuilder.Category, 4));
        Assert.Equal(DomainErrorCodes.SoldOut, result.Error!.Code);
        var row = await Client.GetGrain<ISeatRowGrain>(SeatRowKey.For(eventId, EventBuilder.Section, "R1")).GetSnapshotAsync();
        Assert.Equal([SeatStatus.Available, SeatStatus.Held, SeatStatus.Available, SeatStatus.Available], row!.Seats.AsEnumerable());
    }

    [Fact]
    public async Task The_per_user_cap_on_active_holds_refuses_one_more()
    {
        var eventId = await new EventBuilder().WithSeats(1, 10).PublishAsync(Client, fixture.Time.GetUtcNow());
        for (var i = 1; i <= 4; i++)
        {
            Assert.True((await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("hoarder", eventId, EventBuilder.Seats(1, i), null, null))).Succeeded);
        }

        var fifth = await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("hoarder", eventId, EventBuilder.Seats(1, 5), null, null));
        Assert.Equal(DomainErrorCodes.HoldLimitReached, fifth.Error!.Code);
        var row = await Client.GetGrain<ISeatRowGrain>(SeatRowKey.For(eventId, EventBuilder.Section, "R1")).GetSnapshotAsync();
        Assert.Equal(SeatStatus.Available, row!.Seats[4]);
    }

    [Fact]
    public async Task A_users_reservation_list_keeps_the_latest_ones_and_every_live_hold()
    {
        var index = Client.GetGrain<IUserReservationsGrain>(Ids.New());
        var eventId = Ids.New();
        var expiresAt = fixture.Time.GetUtcNow().AddMinutes(5);
        await index.RecordAsync("live-oldest", eventId, expiresAt);
        var total = UserReservationsGrain.MaxKept + 20;
        for (var i = 1; i < total; i++)
        {
            await index.RecordAsync($"r{i}", eventId, expiresAt);
            await index.MarkEndedAsync($"r{i}");
        }

        var page = await index.GetPageAsync(0, total);
        Assert.Equal(UserReservationsGrain.MaxKept, page.Total);
        Assert.Equal($"r{total - 1}", page.ReservationIds[0]);
        Assert.Equal("live-oldest", page.ReservationIds[^1]);
        Assert.DoesNotContain("r1", page.ReservationIds);
    }

    [Fact]
    public async Task Holds_still_being_made_count_towards_the_cap_until_recorded_or_forgotten()
    {
        var index = Client.GetGrain<IUserReservationsGrain>(Ids.New());
        var eventId = Ids.New();
        var expiresAt = fixture.Time.GetUtcNow().AddMinutes(5);
        Assert.True(await index.TryAdmitAsync("r1", eventId, expiresAt, cap: 2));
        Assert.True(await index.TryAdmitAsync("r2", eventId, expiresAt, cap: 2));
        Assert.True(await index.TryAdmitAsync("r1", eventId, expiresAt, cap: 2));

        Assert.False(await index.TryAdmitAsync("r3", eventId, expiresAt, cap: 2));
        Assert.True(await index.TryAdmitAsync("other-event", Ids.New(), expiresAt, cap: 2));
        Assert.Equal(0, (await index.GetPageAsync(0, 10)).Total);

        await index.ForgetAsync("r2");
        await index.RecordAsync("r1", eventId, expiresAt);

        Assert.True(await index.TryAdmitAsync("r3", eventId, expiresAt, cap: 2));
        Assert.False(await index.TryAdmitAsync("r4", eventId, expiresAt, cap: 2));
        Assert.Equal("r1", Assert.Single((await index.GetPageAsync(0, 10)).ReservationIds));
    }

    [Fact]
    public async Task A_refused_hold_is_not_listed_and_a_made_one_is()
    {
        var eventId = await new EventBuilder().WithSeats(1, 10).PublishAsync(Client, fixture.Time.GetUtcNow());
        var user = Ids.New();
        Assert.True((await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation(Ids.New(), eventId, EventBuilder.Seats(1, 1), null, null))).Succeeded);

        var refused = await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation(user, eventId, EventBuilder.Seats(1, 1, 2), null, null));
        var madeId = Ids.New();
        var made = await Client.GetGrain<IReservationGrain>(madeId).CreateAsync(new CreateReservation(user, eventId, EventBuilder.Seats(1, 2), null, null));

        Assert.Equal(DomainErrorCodes.SeatUnavailable, refused.Error!.Code);
        Assert.True(made.Succeeded);
        Assert.Equal(madeId, Assert.Single((await Client.GetGrain<IUserReservationsGrain>(user).GetPageAsync(0, 10)).ReservationIds));
    }

    [Theory]
    [InlineData(new[] { "A-R1-1", "A-R1-1" }, null, null, DomainErrorCodes.ValidationFailed)]
    [InlineData(new string[0], null, null, DomainErrorCodes.ValidationFailed)]
    [InlineData(new[] { "A-R9-1" }, null, null, DomainErrorCodes.ValidationFailed)]
    [InlineData(new[] { "A-R1-11" }, null, null, DomainErrorCodes.ValidationFailed)]
    [InlineData(new[] { "nonsense" }, null, null, DomainErrorCodes.ValidationFailed)]
    [InlineData(new[] { "A-R1-1" }, "STD", 2, DomainErrorCodes.ValidationFailed)]
    [InlineData(new string[0], "NOPE", 2, DomainErrorCodes.ValidationFailed)]
    [InlineData(new string[0], "STD", 0, DomainErrorCodes.ValidationFailed)]
    [InlineData(new string[0], "STD", 11, DomainErrorCodes.TooManySeats)]
    [InlineData(new[] { "A-R1-1", "A-R1-2", "A-R1-3", "A-R1-4", "A-R1-5", "A-R1-6", "A-R1-7", "A-R1-8", "A-R1-9", "A-R1-10", "A-R2-1" }, null, null, DomainErrorCodes.TooManySeats)]
    public async Task Bad_requests_are_refused_and_hold_nothing(string[] seatIds, string? categoryId, int? quantity, string code)
    {
        var eventId = await new EventBuilder().WithSeats(2, 10).PublishAsync(Client, fixture.Time.GetUtcNow());
        var result = await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("bad", eventId, [.. seatIds], categoryId, quantity));
        Assert.Equal(code, result.Error?.Code);
        foreach (var row in new[] { "R1", "R2" })
        {
            var snapshot = await Client.GetGrain<ISeatRowGrain>(SeatRowKey.For(eventId, EventBuilder.Section, row)).GetSnapshotAsync();
            Assert.All(snapshot!.Seats, s => Assert.Equal(SeatStatus.Available, s));
        }
    }

    [Fact]
    public async Task Holds_on_unknown_draft_or_closed_events_are_refused()
    {
        var unknown = await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("u", Ids.New(), EventBuilder.Seats(1, 1), null, null));
        Assert.Equal(DomainErrorCodes.EventNotFound, unknown.Error!.Code);

        var draftId = Ids.New();
        await Client.GetGrain<Ticketing.Events.IEventGrain>(draftId).CreateAsync("org", new EventBuilder().Build(fixture.Time.GetUtcNow()));
        var draft = await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("u", draftId, EventBuilder.Seats(1, 1), null, null));
        Assert.Equal(DomainErrorCodes.EventNotFound, draft.Error!.Code);

        var closedId = await new EventBuilder().PublishAsync(Client, fixture.Time.GetUtcNow());
        await Client.GetGrain<Ticketing.Events.IEventGrain>(closedId).CloseAsync("organizer-1", false);
        var closed = await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("u", closedId, EventBuilder.Seats(1, 1), null, null));
        Assert.Equal(DomainErrorCodes.EventNotOnSale, closed.Error!.Code);
    }

    [Fact]
    public async Task A_declined_payment_gives_the_hold_back_until_its_original_expiry()
    {
        var (_, r) = await HoldAsync("payer", 8);
        var grain = Client.GetGrain<IReservationGrain>(r.Id);
        var booking = Ids.New();
        var pinned = await grain.BeginConfirmationAsync("payer", booking);
        Assert.Equal(ReservationStatus.Confirming, pinned.Reservation!.Status);
        Assert.True(pinned.Reservation.ExpiresAt >= r.ExpiresAt);
        Assert.Equal(DomainErrorCodes.ReservationNotActive, (await grain.BeginConfirmationAsync("payer", Ids.New())).Error!.Code);

        var aborted = await grain.AbortConfirmationAsync(booking, releaseSeats: false);
        Assert.Equal(ReservationStatus.Active, aborted.Reservation!.Status);
        Assert.Equal(r.ExpiresAt, aborted.Reservation.ExpiresAt);

        var second = Ids.New();
        Assert.True((await grain.BeginConfirmationAsync("payer", second)).Succeeded);
        var confirmed = await grain.CompleteConfirmationAsync(second);
        Assert.Equal(ReservationStatus.Confirmed, confirmed.Reservation!.Status);
        Assert.True((await grain.CompleteConfirmationAsync(second)).Succeeded);
        var row = await Client.GetGrain<ISeatRowGrain>(SeatRowKey.For(r.EventId, EventBuilder.Section, "R1")).GetSnapshotAsync();
        Assert.Equal(SeatStatus.Sold, row!.Seats[7]);
    }
}
