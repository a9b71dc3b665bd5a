using Ticketing.Common;
using Ticketing.Reservations;
using Ticketing.Tests.Builders;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Reservations;

/// <summary>
/// A hold that got its seats is listed in its buyer's index and stored as a record side by side. Whichever of the two
/// writes fails, the hold fails and leaves neither a record nor a listing. The seats of a first attempt go back at
/// once; a retry's stay held until its expiry, because its id's first attempt may still be on its way, counting on
/// them. A record whose listing was lost (a crash between the two) is listed by the repeat of its request. A record
/// write that failed but was stored (its answer lost) is a hold like any other.
/// </summary>
[Collection(StorageFaultCollection.Name)]
public sealed class HoldListingTests(StorageFaultClusterFixture fixture)
{
    private IClusterClient Client => fixture.Client;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_hold_whose_listing_cannot_be_stored_fails_and_leaves_no_record_nor_listing(bool idIsNew)
    {
        var (eventId, userId, reservationId, command) = await HoldOfSeatAsync(3, idIsNew);
        fixture.Faults.FailNextWrites(userId);

        await Assert.ThrowsAnyAsync<Exception>(() => HoldAsync(reservationId, command));

        await AssertFailedHoldAsync(eventId, userId, reservationId, command, seat: 3);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_hold_whose_record_cannot_be_stored_fails_and_leaves_no_record_nor_listing(bool idIsNew)
    {
        var (eventId, userId, reservationId, command) = await HoldOfSeatAsync(4, idIsNew);
        fixture.Faults.FailNextWrites(reservationId);

        await Assert.ThrowsAnyAsync<Exception>(() => HoldAsync(reservationId, command));

        await AssertFailedHoldAsync(eventId, userId, reservationId, command, seat: 4);
    }

    [Fact]
    public async Task A_hold_whose_listing_failed_and_whose_record_cannot_be_cleared_keeps_its_seats_and_its_repeat_lists_it()
    {
        var (eventId, userId, reservationId, command) = await HoldOfSeatAsync(7, idIsNew: true);
        fixture.Faults.FailNextWrites(userId);
        fixture.Faults.FailNextClears(reservationId);

        await Assert.ThrowsAnyAsync<Exception>(() => HoldAsync(reservationId, command));

        // The record stayed, so its seats did too: a repeat finding it Active must find them held.
        Assert.False(await OtherBuyerGetsSeatAsync(eventId, 7));
        var repeated = await HoldAsync(reservationId, command with { IdIsNew = false });
        Assert.True(repeated.Succeeded, repeated.Error?.Message);
        Assert.Equal(ReservationStatus.Active, repeated.Reservation!.Status);
        Assert.Contains(reservationId, await ListedAsync(userId));
    }

    [Fact]
    public async Task A_listing_stored_but_reported_failed_is_dropped_with_its_hold_and_takes_no_place_under_the_cap()
    {
        var (eventId, userId, reservationId, command) = await HoldOfSeatAsync(8, idIsNew: true);
        fixture.Faults.LoseAnswersOfNextWrites(userId);

        await Assert.ThrowsAnyAsync<Exception>(() => HoldAsync(reservationId, command));

        await AssertFailedHoldAsync(eventId, userId, reservationId, command, seat: 8);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_record_stored_but_reported_failed_is_a_hold_that_keeps_its_seats(bool idIsNew)
    {
        var (eventId, userId, reservationId, command) = await HoldOfSeatAsync(9, idIsNew);
        fixture.Faults.LoseAnswersOfNextWrites(reservationId);

        var held = await HoldAsync(reservationId, command);

        // Stored, so it is a hold: its answer says so, and nobody else gets its seat.
        Assert.True(held.Succeeded, held.Error?.Message);
        Assert.Equal(ReservationStatus.Active, (await Client.GetGrain<IReservationGrain>(reservationId).GetAsync())!.Status);
        Assert.False(await OtherBuyerGetsSeatAsync(eventId, 9));
        Assert.Contains(reservationId, await ListedAsync(userId));
    }

    [Fact]
    public async Task A_hold_whose_record_write_failed_and_could_not_be_told_apart_keeps_its_seats_for_its_repeat()
    {
        var (eventId, _, reservationId, command) = await HoldOfSeatAsync(10, idIsNew: true);
        // The record's write fails, and so does the write that would have told whether it was stored.
        fixture.Faults.FailNextWrites(reservationId, 2);

        await Assert.ThrowsAnyAsync<Exception>(() => HoldAsync(reservationId, command));

        // It may be stored: its seats stay held (until its expiry), and its repeat holds them.
        Assert.False(await OtherBuyerGetsSeatAsync(eventId, 10));
        var repeated = await HoldAsync(reservationId, command with { IdIsNew = false });
        Assert.True(repeated.Succeeded, repeated.Error?.Message);
    }

    [Fact]
    public async Task The_repeat_of_a_stored_hold_that_lost_its_listing_lists_it()
    {
        var (_, userId, reservationId, command) = await HoldOfSeatAsync(6, idIsNew: false);
        Assert.True((await HoldAsync(reservationId, command)).Succeeded);
        // As a crash after the record was stored and before its listing was would leave it.
        await Client.GetGrain<IUserReservationsGrain>(userId).ForgetAsync(reservationId);

        var repeated = await HoldAsync(reservationId, command);

        Assert.True(repeated.Succeeded, repeated.Error?.Message);
        Assert.Equal(ReservationStatus.Active, repeated.Reservation!.Status);
        Assert.Contains(reservationId, await ListedAsync(userId));
    }

    private async Task<(string EventId, string UserId, string ReservationId, CreateReservation Command)> HoldOfSeatAsync(int seat, bool idIsNew)
    {
        var eventId = await new EventBuilder().WithSeats(1, 10).PublishAsync(Client, fixture.Time.GetUtcNow());
        var userId = Ids.New();
        return (eventId, userId, Ids.New(), new CreateReservation(userId, eventId, [$"{EventBuilder.Section}-R1-{seat}"], null, null, IdIsNew: idIsNew));
    }

    /// <summary>As the Api sends it: a new id to the hold attempts, a repeat straight to its reservation.</summary>
    private Task<ReservationResult> HoldAsync(string reservationId, CreateReservation command)
        => command.IdIsNew
            ? Client.GetGrain<IHoldAttemptsGrain>(0).CreateAsync(reservationId, command)
            : Client.GetGrain<IReservationGrain>(reservationId).CreateAsync(command);

    private async Task<IReadOnlyCollection<string>> ListedAsync(string userId)
        => (await Client.GetGrain<IUserReservationsGrain>(userId).GetPageAsync(0, 10)).ReservationIds;

    private async Task<bool> OtherBuyerGetsSeatAsync(string eventId, int seat)
    {
        var other = new CreateReservation(Ids.New(), eventId, [$"{EventBuilder.Section}-R1-{seat}"], null, null, IdIsNew: true);
        return (await Client.GetGrain<IHoldAttemptsGrain>(0).CreateAsync(Ids.New(), other)).Succeeded;
    }

    private async Task AssertFailedHoldAsync(string eventId, string userId, string reservationId, CreateReservation command, int seat)
    {
        Assert.Null(await Client.GetGrain<IReservationGrain>(reservationId).GetAsync());
        Assert.DoesNotContain(reservationId, await ListedAsync(userId));
        if (command.IdIsNew)
        {
            // A first attempt's seats are free at once, not when the failed hold would have expired.
            Assert.True(await OtherBuyerGetsSeatAsync(eventId, seat));
            return;
        }

        // A retry's stay held for the first attempt under its id, and the retry of the retry holds them.
        Assert.False(await OtherBuyerGetsSeatAsync(eventId, seat));
        var retried = await HoldAsync(reservationId, command);
        Assert.True(retried.Succeeded, retried.Error?.Message);
        Assert.Contains(reservationId, await ListedAsync(userId));
    }
}
