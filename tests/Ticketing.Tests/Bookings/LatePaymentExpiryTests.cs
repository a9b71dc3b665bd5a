using Microsoft.Extensions.DependencyInjection;
using Ticketing.Bookings;
using Ticketing.Common;
using Ticketing.Events;
using Ticketing.Payments;
using Ticketing.Reservations;
using Ticketing.Seats;
using Ticketing.Tests.Bookings.Support;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Bookings;

/// <summary>
/// Late asynchronous payments against a real expiry: the customer takes longer than the payment window (the hold's
/// pin, 600 s by default) to finish 3-D Secure, the rows release the seats by themselves, and only then does the
/// provider's webhook say the money was taken. The event's policy decides; no seat is ever sold twice.
/// </summary>
[Collection(TimeTravelCollection.Name)]
public sealed class LatePaymentExpiryTests(TimeTravelClusterFixture fixture)
{
    private static readonly TimeSpan PastThePaymentWindow = TimeSpan.FromSeconds(601);

    private IGrainFactory Grains => fixture.Client;

    private async Task<(Sale Sale, string ReservationId, BookingSnapshot Pending)> PaymentOutlivesItsHoldAsync(LatePaymentPolicy policy, int seat)
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time, policy: policy, holdTtlSeconds: 60);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, seat);
        var bookingId = Ids.New();
        var pending = await Grains.GetGrain<IBookingGrain>(bookingId).ConfirmAsync(new ConfirmBooking(user, reservationId, "mock", MockTokens.Async));
        Assert.Equal(BookingStatus.PendingPayment, pending.Booking!.Status);

        fixture.Time.Advance(PastThePaymentWindow);
        // Nobody touches the reservation: the row's own expiry releases the seat.
        await Poll.UntilAsync(() => sale.SeatAsync(seat), s => s == SeatStatus.Available, what: "the row to release the expired pin");
        return (sale, reservationId, pending.Booking);
    }

    private async Task<BookingSnapshot> WebhookSaysPaidAsync(BookingSnapshot pending)
    {
        await LedgerCharges.SettleAsync(fixture, pending.Id, succeeded: true);
        await Grains.GetGrain<IBookingPaymentSink>(pending.Id).ApplyPaymentOutcomeAsync(
            new PaymentOutcome("mock", "evt_" + Ids.New(), PaymentOutcomeKind.Succeeded, pending.Payment.TransactionId, null));
        return (await Grains.GetGrain<IBookingGrain>(pending.Id).GetAsync())!;
    }

    [Fact]
    public async Task By_default_a_payment_that_outlived_its_hold_is_refunded_and_the_seat_stays_free()
    {
        var (sale, reservationId, pending) = await PaymentOutlivesItsHoldAsync(LatePaymentPolicy.Refund, 1);

        var booking = await WebhookSaysPaidAsync(pending);

        Assert.Equal((BookingStatus.Failed, BookingPaymentStatus.Refunded), (booking.Status, booking.Payment.Status));
        Assert.Equal(SeatStatus.Available, await sale.SeatAsync(1));
        Assert.NotEqual(ReservationStatus.Confirmed, (await sale.ReservationAsync(reservationId))!.Status);
        await LedgerReconciliation.AssertReconciledAsync(fixture, [pending.Id]);
    }

    [Fact]
    public async Task With_accept_if_available_the_late_payment_gets_its_seat_when_still_free()
    {
        var (sale, _, pending) = await PaymentOutlivesItsHoldAsync(LatePaymentPolicy.AcceptIfAvailable, 2);

        var booking = await WebhookSaysPaidAsync(pending);

        Assert.Equal(BookingStatus.Confirmed, booking.Status);
        Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(2));
        await LedgerReconciliation.AssertReconciledAsync(fixture, [pending.Id]);
    }

    [Fact]
    public async Task With_accept_if_available_the_late_payment_is_refunded_when_another_buyer_took_the_seat()
    {
        var (sale, _, pending) = await PaymentOutlivesItsHoldAsync(LatePaymentPolicy.AcceptIfAvailable, 3);
        var other = Ids.New();
        var otherBooking = Ids.New();
        Assert.True((await Grains.GetGrain<IBookingGrain>(otherBooking)
            .ConfirmAsync(new ConfirmBooking(other, await sale.HoldAsync(other, 3), "mock", MockTokens.Success))).Succeeded);

        var booking = await WebhookSaysPaidAsync(pending);

        Assert.Equal((BookingStatus.Failed, BookingPaymentStatus.Refunded), (booking.Status, booking.Payment.Status));
        Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(3));
        await LedgerReconciliation.AssertReconciledAsync(fixture, [pending.Id, otherBooking]);
    }

    private Task PollAsync(string bookingId)
        => Grains.GetGrain<IRemindable>(GrainId.Create("booking", bookingId)).ReceiveReminder("booking-saga", default);

    [Fact]
    public async Task A_payment_the_customer_never_completes_fails_the_booking_once_the_payment_window_is_over()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time, holdTtlSeconds: 60);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 4);
        var bookingId = Ids.New();
        var pending = await Grains.GetGrain<IBookingGrain>(bookingId).ConfirmAsync(new ConfirmBooking(user, reservationId, "mock", MockTokens.Async));
        Assert.Equal(BookingStatus.PendingPayment, pending.Booking!.Status);

        // Within the window the poll finds the payment still waiting for the customer: nothing changes.
        fixture.Time.Advance(TimeSpan.FromSeconds(300));
        await PollAsync(bookingId);
        Assert.Equal(BookingStatus.PendingPayment, (await Grains.GetGrain<IBookingGrain>(bookingId).GetAsync())!.Status);
        Assert.Equal(ReservationStatus.Confirming, (await sale.ReservationAsync(reservationId))!.Status);

        // The customer walked away from 3-D Secure: after the window the booking ends and so does the hold, instead
        // of both reading PendingPayment and Confirming for ever.
        fixture.Time.Advance(PastThePaymentWindow);
        await PollAsync(bookingId);
        var booking = (await Grains.GetGrain<IBookingGrain>(bookingId).GetAsync())!;
        Assert.Equal((BookingStatus.Failed, DomainErrorCodes.PaymentNotCompleted), (booking.Status, booking.FailureCode));
        Assert.Null(booking.PaymentAction);
        Assert.Equal(ReservationStatus.Expired, (await sale.ReservationAsync(reservationId))!.Status);
        Assert.Equal(SeatStatus.Available, await sale.SeatAsync(4));
        Assert.Single(await RemindersOfAsync(bookingId));

        // The provider may still take the money later (a customer finishing the challenge after all): the poll that
        // goes on finds it and the event's policy (refund by default) applies; the ledger agrees with the booking.
        await LedgerCharges.SettleAsync(fixture, bookingId, succeeded: true);
        await PollAsync(bookingId);
        booking = (await Grains.GetGrain<IBookingGrain>(bookingId).GetAsync())!;
        Assert.Equal((BookingStatus.Failed, BookingPaymentStatus.Refunded), (booking.Status, booking.Payment.Status));
        Assert.Equal(SeatStatus.Available, await sale.SeatAsync(4));
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId]);
    }

    [Fact]
    public async Task A_payment_declined_after_the_window_was_given_up_on_is_recorded_and_charges_nothing()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time, holdTtlSeconds: 60);
        var user = Ids.New();
        var bookingId = Ids.New();
        var pending = await Grains.GetGrain<IBookingGrain>(bookingId).ConfirmAsync(new ConfirmBooking(user, await sale.HoldAsync(user, 5), "mock", MockTokens.Async));
        Assert.Equal(BookingStatus.PendingPayment, pending.Booking!.Status);
        fixture.Time.Advance(PastThePaymentWindow);
        await PollAsync(bookingId);

        await LedgerCharges.SettleAsync(fixture, bookingId, succeeded: false);
        await PollAsync(bookingId);

        var booking = (await Grains.GetGrain<IBookingGrain>(bookingId).GetAsync())!;
        Assert.Equal((BookingStatus.Failed, BookingPaymentStatus.Declined), (booking.Status, booking.Payment.Status));
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId]);
    }

    private async Task<IList<ReminderEntry>> RemindersOfAsync(string bookingId)
        => (await fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>().ReadRows(Grains.GetGrain<IBookingGrain>(bookingId).GetGrainId())).Reminders;

    private async Task<(Sale Sale, string ReservationId, string BookingId)> AwaitingScriptedPaymentAsync(string token, int seat, int holdTtlSeconds = 60)
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time, holdTtlSeconds: holdTtlSeconds);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, seat);
        var bookingId = Ids.New();
        var pending = await Grains.GetGrain<IBookingGrain>(bookingId).ConfirmAsync(new ConfirmBooking(user, reservationId, ScriptedCardProvider.MethodName, token + Ids.New()));
        Assert.Equal(BookingStatus.PendingPayment, pending.Booking!.Status);
        return (sale, reservationId, bookingId);
    }

    [Fact]
    public async Task A_hold_longer_than_the_payment_window_keeps_its_payment_waiting_until_the_hold_itself_runs_out()
    {
        // Pinned until the later of the hold's own expiry and the window: a customer still inside their 30-minute hold
        // may finish 3-D Secure after 10 minutes, and their payment must confirm, not be refunded as late.
        var (sale, reservationId, bookingId) = await AwaitingScriptedPaymentAsync(ScriptedCardProvider.NeedsAction, 6, holdTtlSeconds: 1800);

        fixture.Time.Advance(PastThePaymentWindow);
        await PollAsync(bookingId);
        Assert.Equal(BookingStatus.PendingPayment, (await Grains.GetGrain<IBookingGrain>(bookingId).GetAsync())!.Status);
        Assert.Equal(ReservationStatus.Confirming, (await sale.ReservationAsync(reservationId))!.Status);

        fixture.Time.Advance(TimeSpan.FromSeconds(1800));
        await PollAsync(bookingId);
        Assert.Equal(DomainErrorCodes.PaymentNotCompleted, (await Grains.GetGrain<IBookingGrain>(bookingId).GetAsync())!.FailureCode);
        Assert.Equal(ReservationStatus.Expired, (await sale.ReservationAsync(reservationId))!.Status);
    }

    [Fact]
    public async Task A_payment_the_provider_cannot_find_is_given_up_on_after_the_window_too()
    {
        var (sale, reservationId, bookingId) = await AwaitingScriptedPaymentAsync(ScriptedCardProvider.AwaitsUnseen, 7);

        fixture.Time.Advance(PastThePaymentWindow);
        await PollAsync(bookingId);

        Assert.Equal(DomainErrorCodes.PaymentNotCompleted, (await Grains.GetGrain<IBookingGrain>(bookingId).GetAsync())!.FailureCode);
        Assert.Equal(ReservationStatus.Expired, (await sale.ReservationAsync(reservationId))!.Status);
    }

    [Fact]
    public async Task A_payment_the_customer_authorised_and_the_provider_still_processes_is_waited_for_up_to_the_poll_limit()
    {
        var (sale, reservationId, bookingId) = await AwaitingScriptedPaymentAsync(ScriptedCardProvider.Processing, 8);

        fixture.Time.Advance(PastThePaymentWindow);
        await PollAsync(bookingId);
        Assert.Equal(BookingStatus.PendingPayment, (await Grains.GetGrain<IBookingGrain>(bookingId).GetAsync())!.Status);

        // A day on, the saga stops polling; it no longer leaves the booking PendingPayment and the hold Confirming.
        fixture.Time.Advance(TimeSpan.FromDays(1));
        await PollAsync(bookingId);
        Assert.Equal(DomainErrorCodes.PaymentNotCompleted, (await Grains.GetGrain<IBookingGrain>(bookingId).GetAsync())!.FailureCode);
        Assert.Equal(ReservationStatus.Expired, (await sale.ReservationAsync(reservationId))!.Status);
        Assert.Empty(await RemindersOfAsync(bookingId));
    }

    [Fact]
    public async Task A_late_webhook_after_the_window_was_given_up_on_follows_the_late_payment_policy()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time, policy: LatePaymentPolicy.AcceptIfAvailable, holdTtlSeconds: 60);
        var user = Ids.New();
        var bookingId = Ids.New();
        var pending = await Grains.GetGrain<IBookingGrain>(bookingId).ConfirmAsync(new ConfirmBooking(user, await sale.HoldAsync(user, 9), "mock", MockTokens.Async));
        fixture.Time.Advance(PastThePaymentWindow);
        await PollAsync(bookingId);
        Assert.Equal(DomainErrorCodes.PaymentNotCompleted, (await Grains.GetGrain<IBookingGrain>(bookingId).GetAsync())!.FailureCode);

        var booking = await WebhookSaysPaidAsync(pending.Booking!);

        Assert.Equal(BookingStatus.Confirmed, booking.Status);
        Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(9));
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId]);
    }
}
