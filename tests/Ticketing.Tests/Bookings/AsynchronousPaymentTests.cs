using Ticketing.Bookings;
using Ticketing.Common;
using Ticketing.Events;
using Ticketing.Payments;
using Ticketing.Reservations;
using Ticketing.Seats;
using Ticketing.Tests.Bookings.Support;

namespace Ticketing.Tests.Bookings;

/// <summary>Payments that need the customer (3-D Secure): PendingPayment until the webhook settles them, late ones by policy.</summary>
[Collection(BookingClusterCollection.Name)]
public sealed class AsynchronousPaymentTests(BookingClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    private async Task<(Sale Sale, string User, string ReservationId, string BookingId, BookingSnapshot Pending)> PendingAsync(
        LatePaymentPolicy policy = LatePaymentPolicy.Refund, params int[] seats)
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time, policy: policy);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, seats.Length == 0 ? [1] : seats);
        var bookingId = Ids.New();
        var result = await Grains.GetGrain<IBookingGrain>(bookingId).ConfirmAsync(new ConfirmBooking(user, reservationId, "mock", MockTokens.Async));
        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(BookingStatus.PendingPayment, result.Booking!.Status);
        return (sale, user, reservationId, bookingId, result.Booking);
    }

    private Task SettleAsync(BookingSnapshot booking, PaymentOutcomeKind kind)
        => Grains.GetGrain<IBookingPaymentSink>(booking.Id).ApplyPaymentOutcomeAsync(
            new PaymentOutcome("mock", "evt_" + Ids.New(), kind, booking.Payment.TransactionId, null));

    [Fact]
    public async Task An_asynchronous_payment_is_pending_until_the_webhook_confirms_it()
    {
        var (sale, user, reservationId, bookingId, pending) = await PendingAsync();
        Assert.Equal(ReservationStatus.Confirming, (await sale.ReservationAsync(reservationId))!.Status);
        Assert.Contains(bookingId, (await Grains.GetGrain<IUserBookingsGrain>(user).GetPageAsync(0, 10)).BookingIds);

        await LedgerCharges.SettleAsync(fixture, bookingId, succeeded: true);
        await SettleAsync(pending, PaymentOutcomeKind.Succeeded);
        await SettleAsync(pending, PaymentOutcomeKind.Succeeded);

        var booking = (await Grains.GetGrain<IBookingGrain>(bookingId).GetAsync())!;
        Assert.Equal(BookingStatus.Confirmed, booking.Status);
        Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(1));
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId]);
    }

    [Fact]
    public async Task A_failed_asynchronous_payment_gives_the_hold_back_for_another_try()
    {
        var (sale, _, reservationId, bookingId, pending) = await PendingAsync();

        await LedgerCharges.SettleAsync(fixture, bookingId, succeeded: false);
        await SettleAsync(pending, PaymentOutcomeKind.Failed);

        var booking = (await Grains.GetGrain<IBookingGrain>(bookingId).GetAsync())!;
        Assert.Equal(BookingStatus.Failed, booking.Status);
        Assert.Equal(DomainErrorCodes.PaymentDeclined, booking.FailureCode);
        Assert.Equal(ReservationStatus.Active, (await sale.ReservationAsync(reservationId))!.Status);
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId]);
    }

    [Fact]
    public async Task A_payment_settling_after_the_hold_was_released_is_refunded_by_default()
    {
        var (sale, _, reservationId, bookingId, pending) = await PendingAsync();
        await Grains.GetGrain<IReservationGrain>(reservationId).AbortConfirmationAsync(bookingId, releaseSeats: true);

        await LedgerCharges.SettleAsync(fixture, bookingId, succeeded: true);
        await SettleAsync(pending, PaymentOutcomeKind.Succeeded);

        var booking = (await Grains.GetGrain<IBookingGrain>(bookingId).GetAsync())!;
        Assert.Equal(BookingStatus.Failed, booking.Status);
        Assert.Equal(BookingPaymentStatus.Refunded, booking.Payment.Status);
        Assert.Equal(SeatStatus.Available, await sale.SeatAsync(1));
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId]);
    }

    [Fact]
    public async Task A_late_payment_takes_the_same_seats_when_the_event_accepts_it_and_they_are_free()
    {
        var (sale, _, reservationId, bookingId, pending) = await PendingAsync(LatePaymentPolicy.AcceptIfAvailable, 2, 3);
        await Grains.GetGrain<IReservationGrain>(reservationId).AbortConfirmationAsync(bookingId, releaseSeats: true);

        await LedgerCharges.SettleAsync(fixture, bookingId, succeeded: true);
        await SettleAsync(pending, PaymentOutcomeKind.Succeeded);

        var booking = (await Grains.GetGrain<IBookingGrain>(bookingId).GetAsync())!;
        Assert.Equal(BookingStatus.Confirmed, booking.Status);
        Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(2));
        Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(3));
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId]);
    }

    [Fact]
    public async Task A_late_payment_is_refunded_when_someone_else_took_a_seat_meanwhile()
    {
        var (sale, _, reservationId, bookingId, pending) = await PendingAsync(LatePaymentPolicy.AcceptIfAvailable, 4, 5);
        await Grains.GetGrain<IReservationGrain>(reservationId).AbortConfirmationAsync(bookingId, releaseSeats: true);
        var other = Ids.New();
        var otherBooking = Ids.New();
        var taken = await Grains.GetGrain<IBookingGrain>(otherBooking).ConfirmAsync(new ConfirmBooking(other, await sale.HoldAsync(other, 5), "mock", MockTokens.Success));
        Assert.True(taken.Succeeded);

        await LedgerCharges.SettleAsync(fixture, bookingId, succeeded: true);
        await SettleAsync(pending, PaymentOutcomeKind.Succeeded);

        var booking = (await Grains.GetGrain<IBookingGrain>(bookingId).GetAsync())!;
        Assert.Equal(BookingStatus.Failed, booking.Status);
        Assert.Equal(BookingPaymentStatus.Refunded, booking.Payment.Status);
        Assert.Equal(SeatStatus.Available, await sale.SeatAsync(4));
        Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(5));
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId, otherBooking]);
    }
}
