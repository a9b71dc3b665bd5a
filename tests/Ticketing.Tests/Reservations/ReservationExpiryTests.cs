using Ticketing.Common;
using Ticketing.Reservations;
using Ticketing.Seats;
using Ticketing.Tests.Builders;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Reservations;

/// <summary>Expiry under a controlled clock: the only tests allowed to move time, on a cluster of their own.</summary>
[Collection(TimeTravelCollection.Name)]
public sealed class ReservationExpiryTests(TimeTravelClusterFixture fixture)
{
    private IClusterClient Client => fixture.Client;

    [Fact]
    public async Task A_hold_blocks_others_until_exactly_its_ttl_and_not_a_tick_longer()
    {
        var eventId = await new EventBuilder().WithSeats(1, 5).WithHoldTtl(30).PublishAsync(Client, fixture.Time.GetUtcNow());
        var first = await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("first", eventId, EventBuilder.Seats(1, 1), null, null));
        Assert.True(first.Succeeded);

        fixture.Time.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1));
        var early = await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("second", eventId, EventBuilder.Seats(1, 1), null, null));
        Assert.Equal(DomainErrorCodes.SeatUnavailable, early.Error?.Code);

        fixture.Time.Advance(TimeSpan.FromTicks(1));
        var onTime = await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("third", eventId, EventBuilder.Seats(1, 1), null, null));
        Assert.True(onTime.Succeeded, onTime.Error?.Message);
        Assert.Equal(ReservationStatus.Expired, (await Client.GetGrain<IReservationGrain>(first.Reservation!.Id).GetAsync())!.Status);
    }

    [Fact]
    public async Task An_expired_hold_cannot_be_extended_or_confirmed()
    {
        var eventId = await new EventBuilder().WithSeats(1, 5).WithHoldTtl(10).PublishAsync(Client, fixture.Time.GetUtcNow());
        var r = (await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("late", eventId, EventBuilder.Seats(1, 2), null, null))).Reservation!;
        fixture.Time.Advance(TimeSpan.FromSeconds(11));
        var grain = Client.GetGrain<IReservationGrain>(r.Id);
        Assert.Equal(DomainErrorCodes.ReservationExpired, (await grain.ExtendAsync("late", 60)).Error!.Code);
        Assert.Equal(DomainErrorCodes.ReservationExpired, (await grain.BeginConfirmationAsync("late", Ids.New())).Error!.Code);
    }

    [Fact]
    public async Task Cancel_racing_expiry_leaves_the_seats_free_and_the_reservation_ended()
    {
        var eventId = await new EventBuilder().WithSeats(1, 5).WithHoldTtl(10).PublishAsync(Client, fixture.Time.GetUtcNow());
        var r = (await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("racer", eventId, EventBuilder.Seats(1, 3), null, null))).Reservation!;
        var grain = Client.GetGrain<IReservationGrain>(r.Id);

        // The cancel is sent a tick before the TTL and the clock crosses it while the cancel runs: the reservation's
        // and the row's expiry timers fire against it. Whichever wins, the hold ends once and the seat is free.
        fixture.Time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        var cancels = new[] { grain.CancelAsync("racer"), grain.CancelAsync("racer") };
        fixture.Time.Advance(TimeSpan.FromTicks(1));
        var answers = await Task.WhenAll(cancels.Append(grain.CancelAsync("racer")));
        Assert.All(answers, a => Assert.True(a.Succeeded, a.Error?.Message));
        Assert.Single(answers.Select(a => a.Reservation!.Status).Distinct());

        var ended = (await grain.GetAsync())!.Status;
        Assert.Contains(ended, new[] { ReservationStatus.Expired, ReservationStatus.Cancelled });
        var row = Client.GetGrain<ISeatRowGrain>(SeatRowKey.For(eventId, EventBuilder.Section, "R1"));
        await Poll.UntilAsync(row.GetSnapshotAsync, s => s!.Seats[2] == SeatStatus.Available, TimeSpan.FromSeconds(10), "the seat to be released");
        Assert.True((await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("next", eventId, EventBuilder.Seats(1, 3), null, null))).Succeeded);
    }

    [Fact]
    public async Task Expired_holds_no_longer_count_towards_the_per_user_cap_or_general_admission()
    {
        var eventId = await new EventBuilder().WithSeats(1, 10).WithGeneralAdmission(2).WithHoldTtl(5).PublishAsync(Client, fixture.Time.GetUtcNow());
        for (var i = 1; i <= 4; i++)
        {
            await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("cap", eventId, EventBuilder.Seats(1, i), null, null));
        }

        var ga = await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("other", eventId, [], EventBuilder.GeneralAdmissionId, 2));
        Assert.True(ga.Succeeded);
        fixture.Time.Advance(TimeSpan.FromSeconds(6));
        Assert.True((await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("cap", eventId, EventBuilder.Seats(1, 5), null, null))).Succeeded);
        Assert.True((await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("third", eventId, [], EventBuilder.GeneralAdmissionId, 2))).Succeeded);
    }
}
