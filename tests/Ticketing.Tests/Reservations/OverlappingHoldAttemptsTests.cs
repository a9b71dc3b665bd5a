using Ticketing.Bookings;
using Ticketing.Common;
using Ticketing.Reservations;
using Ticketing.Seats;
using Ticketing.Tests.Bookings.Support;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Reservations;

/// <summary>
/// Two attempts under one reservation id can overlap: a first one, tried by <see cref="IHoldAttemptsGrain"/>, waits
/// on a stalled row past its caller's timeout while the retry (the same id, no longer new) makes and stores the hold
/// in the reservation. Whatever the late first attempt then does must leave the stored hold as it is: its seats held
/// until the stored expiry (a booking can still pin and buy them) and the hold listed for its buyer.
/// </summary>
[Collection(BookingClusterCollection.Name)]
public sealed class OverlappingHoldAttemptsTests(BookingClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    /// <summary>Starts an attempt under a new id that stops before taking its seats until <c>release</c> is set.</summary>
    private async Task<(Task<ReservationResult> Attempt, TaskCompletionSource Release)> StalledFirstAttemptAsync(string reservationId, CreateReservation command)
    {
        var reached = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        fixture.Faults.RunAt(BookingFaultPoints.BeforeSeatsHeld, reservationId, async () =>
        {
            reached.SetResult();
            await release.Task;
        });
        var attempt = Grains.GetGrain<IHoldAttemptsGrain>(0).CreateAsync(reservationId, command);
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(20));
        return (attempt, release);
    }

    [Fact]
    public async Task A_seat_hold_is_never_shortened_by_its_own_reservation_and_an_attempt_gives_back_only_seats_held_until_its_own_expiry()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var row = Grains.GetGrain<ISeatRowGrain>(SeatRowKey.For(sale.EventId, "ORCH", "A"));
        var now = fixture.Time.GetUtcNow();
        Assert.True((await row.TryHoldAsync("res-x", [1, 2], now.AddMinutes(10))).Succeeded);

        // A late attempt of the same reservation with an earlier expiry: answered as held, the later expiry kept.
        Assert.True((await row.TryHoldAsync("res-x", [1, 2], now.AddMinutes(5))).Succeeded);
        await row.ReleaseAttemptAsync("res-x", [1, 2], now.AddMinutes(5));
        Assert.Equal(SeatStatus.Held, await sale.SeatAsync(1));
        Assert.Equal(SeatStatus.Held, await sale.SeatAsync(2));

        await row.ReleaseAttemptAsync("res-x", [1], now.AddMinutes(10));
        await row.ReleaseAttemptAsync("someone-else", [2], now.AddMinutes(10));
        Assert.Equal(SeatStatus.Available, await sale.SeatAsync(1));
        Assert.Equal(SeatStatus.Held, await sale.SeatAsync(2));
    }

    [Fact]
    public async Task A_late_first_attempt_leaves_the_hold_its_retry_stored_held_until_the_stored_expiry()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var reservationId = Ids.New();
        var command = new CreateReservation(user, sale.EventId, [Sale.Seat(5), Sale.Seat(6)], null, null, IdIsNew: true);
        var (first, release) = await StalledFirstAttemptAsync(reservationId, command);

        fixture.Time.Advance(TimeSpan.FromSeconds(30));
        var retry = await Grains.GetGrain<IReservationGrain>(reservationId).CreateAsync(command with { IdIsNew = false });
        Assert.True(retry.Succeeded, retry.Error?.Message);
        release.SetResult();
        var late = await first;

        Assert.True(late.Succeeded, late.Error?.Message);
        Assert.Equal(retry.Reservation!.ExpiresAt, late.Reservation!.ExpiresAt);

        // Past the first attempt's own expiry, before the stored one: the seats are still this hold's, and it sells.
        fixture.Time.Advance(TimeSpan.FromSeconds(600 - 20));
        Assert.Equal(SeatStatus.Held, await sale.SeatAsync(5));
        var booking = await Grains.ConfirmWithMockAsync(Ids.New(), user, reservationId);
        Assert.Equal(BookingStatus.Confirmed, booking.Booking?.Status);
        Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(6));
    }

    [Fact]
    public async Task A_late_first_attempt_refused_at_the_rows_leaves_the_stored_hold_listed_and_its_seats_held()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var reservationId = Ids.New();
        var command = new CreateReservation(user, sale.EventId, [Sale.Seat(7)], null, null, IdIsNew: true);
        var (first, release) = await StalledFirstAttemptAsync(reservationId, command);

        fixture.Time.Advance(TimeSpan.FromSeconds(30));
        var retry = await Grains.GetGrain<IReservationGrain>(reservationId).CreateAsync(command with { IdIsNew = false });
        Assert.True(retry.Succeeded, retry.Error?.Message);

        // The first attempt reaches the row after its own expiry: refused there (and reported as unavailable).
        fixture.Time.Advance(TimeSpan.FromSeconds(590));
        release.SetResult();
        await Assert.ThrowsAnyAsync<TimeoutException>(() => first);

        var listed = await Grains.GetGrain<IUserReservationsGrain>(user).GetPageAsync(0, 10);
        Assert.Equal([reservationId], listed.ReservationIds.ToArray());
        Assert.Equal(SeatStatus.Held, await sale.SeatAsync(7));
        Assert.Equal(ReservationStatus.Active, (await sale.ReservationAsync(reservationId))!.Status);
    }
}
