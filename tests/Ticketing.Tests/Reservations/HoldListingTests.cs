using Ticketing.Common;
using Ticketing.Reservations;
using Ticketing.Tests.Builders;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Reservations;

/// <summary>
/// A hold that got its seats is listed in its buyer's index and stored as a record side by side. Whichever of the two
/// writes fails, the hold fails and keeps nothing: its seats go back at once, and neither a record nor a listing of it
/// is left. A record whose listing was lost (a crash between the two) is listed by the repeat of its request.
/// </summary>
[Collection(StorageFaultCollection.Name)]
public sealed class HoldListingTests(StorageFaultClusterFixture fixture)
{
    private IClusterClient Client => fixture.Client;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_hold_whose_listing_cannot_be_stored_fails_and_keeps_nothing(bool throughHoldAttempts)
    {
        var (eventId, userId, reservationId, command) = await HoldOfSeatAsync(3, idIsNew: throughHoldAttempts);
        fixture.Faults.FailNextWrites(userId);

        await Assert.ThrowsAnyAsync<Exception>(() => HoldAsync(reservationId, command, throughHoldAttempts));

        await AssertNothingKeptAsync(eventId, userId, reservationId, seat: 3);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_hold_whose_record_cannot_be_stored_fails_and_keeps_nothing(bool throughHoldAttempts)
    {
        var (eventId, userId, reservationId, command) = await HoldOfSeatAsync(4, idIsNew: throughHoldAttempts);
        fixture.Faults.FailNextWrites(reservationId);

        await Assert.ThrowsAnyAsync<Exception>(() => HoldAsync(reservationId, command, throughHoldAttempts));

        await AssertNothingKeptAsync(eventId, userId, reservationId, seat: 4);
    }

    [Fact]
    public async Task A_hold_retried_after_its_listing_failed_is_held_and_listed()
    {
        var (_, userId, reservationId, command) = await HoldOfSeatAsync(5, idIsNew: false);
        fixture.Faults.FailNextWrites(userId);
        await Assert.ThrowsAnyAsync<Exception>(() => HoldAsync(reservationId, command, throughHoldAttempts: true));

        var retried = await HoldAsync(reservationId, command, throughHoldAttempts: true);

        Assert.True(retried.Succeeded, retried.Error?.Message);
        Assert.Contains(reservationId, (await Client.GetGrain<IUserReservationsGrain>(userId).GetPageAsync(0, 10)).ReservationIds);
    }

    [Fact]
    public async Task The_repeat_of_a_stored_hold_that_lost_its_listing_lists_it()
    {
        var (_, userId, reservationId, command) = await HoldOfSeatAsync(6, idIsNew: false);
        Assert.True((await HoldAsync(reservationId, command, throughHoldAttempts: false)).Succeeded);
        var index = Client.GetGrain<IUserReservationsGrain>(userId);
        // As a crash after the record was stored and before its listing was would leave it.
        await index.ForgetAsync(reservationId);

        var repeated = await HoldAsync(reservationId, command, throughHoldAttempts: true);

        Assert.True(repeated.Succeeded, repeated.Error?.Message);
        Assert.Equal(ReservationStatus.Active, repeated.Reservation!.Status);
        Assert.Contains(reservationId, (await index.GetPageAsync(0, 10)).ReservationIds);
    }

    private async Task<(string EventId, string UserId, string ReservationId, CreateReservation Command)> HoldOfSeatAsync(int seat, bool idIsNew)
    {
        var eventId = await new EventBuilder().WithSeats(1, 10).PublishAsync(Client, fixture.Time.GetUtcNow());
        var userId = Ids.New();
        return (eventId, userId, Ids.New(), new CreateReservation(userId, eventId, [$"{EventBuilder.Section}-R1-{seat}"], null, null, IdIsNew: idIsNew));
    }

    private Task<ReservationResult> HoldAsync(string reservationId, CreateReservation command, bool throughHoldAttempts)
        => throughHoldAttempts
            ? Client.GetGrain<IHoldAttemptsGrain>(0).CreateAsync(reservationId, command)
            : Client.GetGrain<IReservationGrain>(reservationId).CreateAsync(command);

    private async Task AssertNothingKeptAsync(string eventId, string userId, string reservationId, int seat)
    {
        Assert.Null(await Client.GetGrain<IReservationGrain>(reservationId).GetAsync());
        Assert.DoesNotContain(reservationId, (await Client.GetGrain<IUserReservationsGrain>(userId).GetPageAsync(0, 10)).ReservationIds);
        // The seat is free at once, not when the failed hold would have expired.
        var other = new CreateReservation(Ids.New(), eventId, [$"{EventBuilder.Section}-R1-{seat}"], null, null, IdIsNew: true);
        var taken = await Client.GetGrain<IHoldAttemptsGrain>(0).CreateAsync(Ids.New(), other);
        Assert.True(taken.Succeeded, taken.Error?.Message);
    }
}
