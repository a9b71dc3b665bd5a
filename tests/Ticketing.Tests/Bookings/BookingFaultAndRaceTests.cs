using Ticketing.Bookings;
using Ticketing.Common;
using Ticketing.Payments;
using Ticketing.Reservations;
using Ticketing.Seats;
using Ticketing.Tests.Bookings.Support;

using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Bookings;

/// <summary>Crashes between saga steps and races around one reservation: a charge always ends booked or refunded.</summary>
[Collection(BookingClusterCollection.Name)]
public sealed class BookingFaultAndRaceTests(BookingClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    private Task<BookingResult> ConfirmAsync(string bookingId, string userId, string reservationId, string token = MockTokens.Success)
        => Grains.ConfirmWithMockAsync(bookingId, userId, reservationId, token);

    [Fact]
    public async Task A_saga_crashed_between_charge_and_sell_is_confirmed_with_one_charge_by_the_next_call()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 1, 2);
        var bookingId = Ids.New();
        fixture.Faults.CrashAt(BookingFaultPoints.AfterChargeBeforeSell, bookingId);

        await Assert.ThrowsAnyAsync<Exception>(() => ConfirmAsync(bookingId, user, reservationId));

        // The charge is not stored on its own (one write less per booking): the crashed saga is back at its stored
        // pin, and its resume gets the same charge from the provider under the same idempotency key.
        var crashed = (await Grains.GetGrain<IBookingGrain>(bookingId).GetAsync())!;
        Assert.Equal(BookingStatus.PendingPayment, crashed.Status);
        Assert.Equal(BookingPaymentStatus.Pending, crashed.Payment.Status);

        var resumed = await Grains.GetGrain<IBookingGrain>(bookingId).ResumeAsync();

        Assert.Equal(BookingStatus.Confirmed, resumed.Booking!.Status);
        Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(1));
        Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(2));
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId]);
    }

    [Fact]
    public async Task A_saga_resumed_after_its_charge_finds_the_charge_instead_of_charging_again()
    {
        // The charge is not stored on its own, so a resume starts from the pin; a provider that will not replay a
        // repeated charge (card details spent, idempotency key lapsed) must not turn it into "nothing was charged".
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 5);
        var bookingId = Ids.New();
        var cards = fixture.SingleUseCards;
        fixture.Faults.CrashAt(BookingFaultPoints.AfterChargeBeforeSell, bookingId);
        var command = new ConfirmBooking(user, reservationId, SingleUseCardProvider.MethodName, "card-5") { BookingIdIsNew = true };

        await Assert.ThrowsAnyAsync<Exception>(() => Grains.GetGrain<IBookingGrain>(bookingId).ConfirmAsync(command));
        Assert.True(cards.Charged(bookingId));
        var callsBefore = cards.ChargeCalls;

        var resumed = await Grains.GetGrain<IBookingGrain>(bookingId).ResumeAsync();

        Assert.Equal(BookingStatus.Confirmed, resumed.Booking!.Status);
        Assert.Equal(BookingPaymentStatus.Succeeded, resumed.Booking.Payment.Status);
        Assert.Equal("txn-" + bookingId, resumed.Booking.Payment.TransactionId);
        Assert.Equal(callsBefore, cards.ChargeCalls);
        Assert.False(cards.Refunded("txn-" + bookingId));
        Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(5));
    }

    [Fact]
    public async Task A_saga_resumed_after_its_charge_while_its_payment_method_is_not_configured_waits_instead_of_failing()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 7);
        var bookingId = Ids.New();
        var cards = fixture.SingleUseCards;
        fixture.Faults.CrashAt(BookingFaultPoints.AfterChargeBeforeSell, bookingId);
        var command = new ConfirmBooking(user, reservationId, SingleUseCardProvider.MethodName, "card-7") { BookingIdIsNew = true };
        await Assert.ThrowsAnyAsync<Exception>(() => Grains.GetGrain<IBookingGrain>(bookingId).ConfirmAsync(command));
        Assert.True(cards.Charged(bookingId));

        fixture.Providers.Withdraw(SingleUseCardProvider.MethodName);
        BookingResult waiting;
        try
        {
            waiting = await Grains.GetGrain<IBookingGrain>(bookingId).ResumeAsync();
        }
        finally
        {
            fixture.Providers.Restore(SingleUseCardProvider.MethodName);
        }

        // Nobody can ask whether the charge exists: the booking is not "failed, nothing charged".
        Assert.Equal(DomainErrorCodes.BookingInProgress, waiting.Error?.Code);
        Assert.Equal(BookingStatus.PendingPayment, waiting.Booking!.Status);
        var resumed = await Grains.GetGrain<IBookingGrain>(bookingId).ResumeAsync();
        Assert.Equal(BookingStatus.Confirmed, resumed.Booking!.Status);
        Assert.Equal("txn-" + bookingId, resumed.Booking.Payment.TransactionId);
        Assert.False(cards.Refunded("txn-" + bookingId));
    }

    [Fact]
    public async Task A_saga_resumed_before_its_charge_charges_when_the_provider_cannot_find_one()
    {
        // The provider's look-up cannot say "no charge" (it answers unknown, as Stripe's lagging search does): the
        // resume must still send the charge, under the same key, rather than wait for a look-up that never answers.
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 6);
        var bookingId = Ids.New();
        var cards = fixture.SingleUseCards;
        fixture.Faults.CrashAt(BookingFaultPoints.AfterPinBeforeCharge, bookingId);
        var command = new ConfirmBooking(user, reservationId, SingleUseCardProvider.MethodName, "card-6") { BookingIdIsNew = true };

        await Assert.ThrowsAnyAsync<Exception>(() => Grains.GetGrain<IBookingGrain>(bookingId).ConfirmAsync(command));
        Assert.False(cards.Charged(bookingId));

        var resumed = await Grains.GetGrain<IBookingGrain>(bookingId).ResumeAsync();

        Assert.Equal(BookingStatus.Confirmed, resumed.Booking!.Status);
        Assert.True(cards.Charged(bookingId));
        Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(6));
    }

    [Fact]
    public async Task A_saga_crashed_between_charge_and_sell_is_resumed_by_its_reminder()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 3);
        var bookingId = Ids.New();
        fixture.Faults.CrashAt(BookingFaultPoints.AfterChargeBeforeSell, bookingId);
        await Assert.ThrowsAnyAsync<Exception>(() => ConfirmAsync(bookingId, user, reservationId));

        // Nobody calls the booking again: only its reminder can finish the saga.
        var booking = await Poll.UntilAsync(
            async () => (await Grains.GetGrain<IBookingGrain>(bookingId).GetAsync())!,
            b => b.Status != BookingStatus.PendingPayment, TimeSpan.FromSeconds(30), "the reminder to resume the saga");

        Assert.Equal(BookingStatus.Confirmed, booking.Status);
        Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(3));
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId]);
    }

    [Fact]
    public async Task A_saga_that_cannot_sell_after_charging_refunds_and_releases_the_seats()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 4);
        var bookingId = Ids.New();
        // While the saga is between charge and sell, the hold is lost (as if its payment window lapsed).
        fixture.Faults.RunAt(BookingFaultPoints.AfterChargeBeforeSell, bookingId,
            () => Grains.GetGrain<IReservationGrain>(reservationId).AbortConfirmationAsync(bookingId, releaseSeats: true));

        var result = await ConfirmAsync(bookingId, user, reservationId);

        Assert.False(result.Succeeded);
        Assert.Equal(BookingStatus.Refunded, result.Booking!.Status);
        Assert.Equal(BookingPaymentStatus.Refunded, result.Booking.Payment.Status);
        Assert.Equal(SeatStatus.Available, await sale.SeatAsync(4));
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId]);
    }

    [Fact]
    public async Task A_saga_crashed_after_the_refund_finishes_releasing_when_resumed()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 5);
        var bookingId = Ids.New();
        fixture.Faults.RunAt(BookingFaultPoints.AfterChargeBeforeSell, bookingId,
            () => Grains.GetGrain<IReservationGrain>(reservationId).AbortConfirmationAsync(bookingId, releaseSeats: true));
        fixture.Faults.CrashAt(BookingFaultPoints.AfterRefundBeforeRelease, bookingId);

        await Assert.ThrowsAnyAsync<Exception>(() => ConfirmAsync(bookingId, user, reservationId));
        var resumed = await Grains.GetGrain<IBookingGrain>(bookingId).ResumeAsync();

        Assert.Equal(BookingStatus.Refunded, resumed.Booking!.Status);
        Assert.Equal(SeatStatus.Available, await sale.SeatAsync(5));
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId]);
    }

    [Fact]
    public async Task A_saga_crashed_after_selling_confirms_when_resumed()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 6);
        var bookingId = Ids.New();
        fixture.Faults.CrashAt(BookingFaultPoints.AfterSellBeforeConfirm, bookingId);

        await Assert.ThrowsAnyAsync<Exception>(() => ConfirmAsync(bookingId, user, reservationId));
        var resumed = await ConfirmAsync(bookingId, user, reservationId);

        Assert.Equal(BookingStatus.Confirmed, resumed.Booking!.Status);
        Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(6));
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId]);
    }

    [Fact]
    public async Task Two_confirms_of_one_reservation_with_different_keys_book_it_once()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 7, 8);
        var ids = new[] { Ids.New(), Ids.New(), Ids.New(), Ids.New() };

        var results = await Task.WhenAll(ids.Select(id => ConfirmAsync(id, user, reservationId)));

        var winner = Assert.Single(results, r => r.Succeeded);
        Assert.Equal(BookingStatus.Confirmed, winner.Booking!.Status);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(BookingStatus.Failed, r.Booking?.Status ?? BookingStatus.Failed));
        Assert.Equal(winner.Booking.Id, (await sale.ReservationAsync(reservationId))!.BookingId);
        await LedgerReconciliation.AssertReconciledAsync(fixture, ids);
    }

    [Fact]
    public async Task Cancelling_the_reservation_while_it_is_being_confirmed_never_leaves_a_charge_without_a_booking()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 9);
        var bookingId = Ids.New();

        var confirm = ConfirmAsync(bookingId, user, reservationId);
        var cancel = Grains.GetGrain<IReservationGrain>(reservationId).CancelAsync(user);
        await Task.WhenAll(confirm, cancel);

        var booking = (await Grains.GetGrain<IBookingGrain>(bookingId).GetAsync())!;
        var reservation = (await sale.ReservationAsync(reservationId))!;
        if (booking.Status == BookingStatus.Confirmed)
        {
            Assert.Equal(ReservationStatus.Confirmed, reservation.Status);
            Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(9));
        }
        else
        {
            Assert.Equal(ReservationStatus.Cancelled, reservation.Status);
            Assert.Equal(SeatStatus.Available, await sale.SeatAsync(9));
        }

        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId]);
    }

    // The race above left to the scheduler, here forced: the cancel arrives while the saga stands between two steps.
    [Theory]
    [InlineData(BookingFaultPoints.AfterPinBeforeCharge)]
    [InlineData(BookingFaultPoints.AfterChargeBeforeSell)]
    public async Task Cancelling_the_reservation_in_the_middle_of_its_confirmation_ends_in_one_consistent_outcome(string step)
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 8);
        var bookingId = Ids.New();
        var reached = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        fixture.Faults.RunAt(step, bookingId, async () =>
        {
            reached.SetResult();
            await release.Task;
        });

        var confirm = ConfirmAsync(bookingId, user, reservationId);
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var cancel = Grains.GetGrain<IReservationGrain>(reservationId).CancelAsync(user);
        // The cancel is answered without waiting for the payment (a pinned hold is not the customer's to drop).
        var cancelled = await cancel.WaitAsync(TimeSpan.FromSeconds(20));
        release.SetResult();
        await confirm;

        var booking = (await Grains.GetGrain<IBookingGrain>(bookingId).GetAsync())!;
        var reservation = (await sale.ReservationAsync(reservationId))!;
        Assert.False(cancelled.Succeeded, "a hold whose payment is running cannot be cancelled from under it");
        Assert.Equal(BookingStatus.Confirmed, booking.Status);
        Assert.Equal(ReservationStatus.Confirmed, reservation.Status);
        Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(8));
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId], expectedCharges: 1);
    }

    [Fact]
    public async Task Cancelling_a_booking_while_its_saga_runs_waits_for_the_outcome_and_refunds_it()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 10);
        var bookingId = Ids.New();
        var charged = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        fixture.Faults.RunAt(BookingFaultPoints.AfterChargeBeforeSell, bookingId, async () =>
        {
            charged.SetResult();
            await release.Task;
        });

        var confirm = ConfirmAsync(bookingId, user, reservationId);
        await charged.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var cancel = Grains.GetGrain<IBookingGrain>(bookingId).CancelAsync(new BookingActor(user, IsAdmin: false));
        release.SetResult();

        Assert.Equal(BookingStatus.Confirmed, (await confirm).Booking!.Status);
        Assert.Equal(BookingStatus.Cancelled, (await cancel).Booking!.Status);
        Assert.Equal(SeatStatus.Available, await sale.SeatAsync(10));
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId]);
    }

    // Found by the cluster fault test: a silo killed while a confirmation pinned the hold left the seats pinned for
    // the whole payment window, with a reservation that read as expired and no booking to resume them.
    [Fact]
    public async Task A_crash_while_pinning_leaves_no_seat_held_past_the_holds_own_expiry()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time, holdTtlSeconds: 60);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 5, 6);
        var bookingId = Ids.New();
        fixture.Faults.CrashAt(BookingFaultPoints.WhilePinning, bookingId);
        await Assert.ThrowsAnyAsync<Exception>(() => ConfirmAsync(bookingId, user, reservationId));
        await LoseAllActivationsAsync();

        // Nobody retries; the hold's own time runs out.
        fixture.Time.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(SeatStatus.Available, await sale.SeatAsync(5));
        Assert.Equal(SeatStatus.Available, await sale.SeatAsync(6));
    }

    [Fact]
    public async Task A_retry_after_a_crash_while_pinning_confirms_with_one_charge()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time, holdTtlSeconds: 60);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 7);
        var bookingId = Ids.New();
        fixture.Faults.CrashAt(BookingFaultPoints.WhilePinning, bookingId);
        await Assert.ThrowsAnyAsync<Exception>(() => ConfirmAsync(bookingId, user, reservationId));
        await LoseAllActivationsAsync();

        var retried = await ConfirmAsync(bookingId, user, reservationId);

        Assert.Equal(BookingStatus.Confirmed, retried.Booking!.Status);
        Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(7));
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId]);
    }

    [Fact]
    public async Task A_retry_after_the_hold_ran_out_following_a_crash_while_pinning_fails_and_frees_the_seats()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time, holdTtlSeconds: 60);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 8, 9);
        var bookingId = Ids.New();
        fixture.Faults.CrashAt(BookingFaultPoints.WhilePinning, bookingId);
        await Assert.ThrowsAnyAsync<Exception>(() => ConfirmAsync(bookingId, user, reservationId));
        await LoseAllActivationsAsync();
        fixture.Time.Advance(TimeSpan.FromSeconds(61));

        var retried = await ConfirmAsync(bookingId, user, reservationId);

        Assert.Equal(BookingStatus.Failed, retried.Booking!.Status);
        Assert.Equal(DomainErrorCodes.ReservationExpired, retried.Booking.FailureCode);
        Assert.Equal(SeatStatus.Available, await sale.SeatAsync(8));
        Assert.Equal(SeatStatus.Available, await sale.SeatAsync(9));
        Assert.Null(await Grains.GetGrain<IMockPaymentLedgerGrain>(MockLedgerShards.ForKey(bookingId)).FindAsync(bookingId));
    }

    /// <summary>What a killed silo does to its grains: in-memory state and timers are gone, storage remains.</summary>
    private Task LoseAllActivationsAsync() => Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
}
