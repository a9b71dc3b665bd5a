using Ticketing.Bookings;
using Ticketing.Common;
using Ticketing.Reservations;
using Ticketing.Seats;
using Ticketing.Tests.Bookings.Support;

using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Bookings;

[Collection(BookingClusterCollection.Name)]
public sealed class CancellationTests(BookingClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    private async Task<(Sale Sale, string User, string BookingId)> BookedAsync(TimeSpan? startsIn = null, params int[] seats)
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time, startsIn: startsIn);
        var user = Ids.New();
        var bookingId = Ids.New();
        var result = await Grains.GetGrain<IBookingGrain>(bookingId)
            .ConfirmAsync(new ConfirmBooking(user, await sale.HoldAsync(user, seats.Length == 0 ? [1] : seats), "mock", MockTokens.Success));
        Assert.True(result.Succeeded, result.Error?.Message);
        return (sale, user, bookingId);
    }

    [Fact]
    public async Task The_owner_cancels_before_the_cut_off_gets_a_refund_and_the_seats_go_back_on_sale()
    {
        var (sale, user, bookingId) = await BookedAsync(null, 1, 2);

        var result = await Grains.GetGrain<IBookingGrain>(bookingId).CancelAsync(new BookingActor(user, IsAdmin: false));

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(BookingStatus.Cancelled, result.Booking!.Status);
        Assert.Equal(BookingPaymentStatus.Refunded, result.Booking.Payment.Status);
        Assert.Empty(result.Booking.Tickets);
        Assert.Equal(SeatStatus.Available, await sale.SeatAsync(1));
        Assert.Equal(SeatStatus.Available, await sale.SeatAsync(2));

        var again = await Grains.GetGrain<IBookingGrain>(bookingId).CancelAsync(new BookingActor(user, IsAdmin: false));
        Assert.True(again.Succeeded);
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId]);
    }

    [Fact]
    public async Task The_owner_cannot_cancel_after_the_cut_off_but_the_organizer_can()
    {
        var (sale, user, bookingId) = await BookedAsync(TimeSpan.FromHours(24));
        var grain = Grains.GetGrain<IBookingGrain>(bookingId);

        var byOwner = await grain.CancelAsync(new BookingActor(user, IsAdmin: false));
        Assert.Equal(DomainErrorCodes.BookingNotCancellable, byOwner.Error?.Code);
        Assert.Equal(BookingStatus.Confirmed, (await grain.GetAsync())!.Status);

        var byOrganizer = await grain.CancelAsync(new BookingActor(sale.OrganizerId, IsAdmin: false));
        Assert.Equal(BookingStatus.Cancelled, byOrganizer.Booking!.Status);
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId]);
    }

    [Fact]
    public async Task A_stranger_cannot_cancel_or_learn_that_the_booking_exists()
    {
        var (_, _, bookingId) = await BookedAsync();

        var result = await Grains.GetGrain<IBookingGrain>(bookingId).CancelAsync(new BookingActor(Ids.New(), IsAdmin: false));

        Assert.Equal(DomainErrorCodes.BookingNotFound, result.Error?.Code);
        Assert.Equal(BookingStatus.Confirmed, (await Grains.GetGrain<IBookingGrain>(bookingId).GetAsync())!.Status);
    }

    [Fact]
    public async Task Cancelling_an_event_refunds_every_booking_and_reports_progress()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time, seats: 20);
        var bookingIds = new List<string>();
        for (var seat = 1; seat <= 20; seat += 2)
        {
            var user = Ids.New();
            var bookingId = Ids.New();
            var result = await Grains.GetGrain<IBookingGrain>(bookingId)
                .ConfirmAsync(new ConfirmBooking(user, await sale.HoldAsync(user, seat, seat + 1), "mock", MockTokens.Success));
            Assert.True(result.Succeeded);
            bookingIds.Add(bookingId);
        }

        // One was already cancelled by its owner: it counts as refunded, and is not refunded twice.
        var first = (await Grains.GetGrain<IBookingGrain>(bookingIds[0]).GetAsync())!;
        await Grains.GetGrain<IBookingGrain>(bookingIds[0]).CancelAsync(new BookingActor(first.UserId, IsAdmin: false));

        var cancelled = await Grains.GetGrain<Ticketing.Events.IEventGrain>(sale.EventId).CancelAsync(sale.OrganizerId, actorIsAdmin: false);
        Assert.True(cancelled.Succeeded, cancelled.Error?.Message);
        // Cancelling the event starts the refund run by itself; nobody has to ask for it.
        var progress = await Poll.UntilAsync(() => Grains.GetGrain<IEventBookingsGrain>(sale.EventId).GetRefundProgressAsync(), p => p.Completed);

        Assert.Equal((10, 10, 0), (progress.Total, progress.Refunded, progress.Failed));
        foreach (var id in bookingIds)
        {
            Assert.Equal(BookingStatus.Cancelled, (await Grains.GetGrain<IBookingGrain>(id).GetAsync())!.Status);
        }

        Assert.Equal(10, (await Grains.GetGrain<IEventBookingsGrain>(sale.EventId).RefundAllAsync()).Refunded);
        await LedgerReconciliation.AssertReconciledAsync(fixture, bookingIds);
    }

    [Fact]
    public async Task A_hold_on_a_cancelled_event_cannot_be_confirmed_or_extended_and_nothing_is_charged()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 4);
        var other = await sale.HoldAsync(user, 5);
        Assert.True((await Grains.GetGrain<Ticketing.Events.IEventGrain>(sale.EventId).CancelAsync(sale.OrganizerId, false)).Succeeded);
        var bookingId = Ids.New();

        var result = await Grains.GetGrain<IBookingGrain>(bookingId).ConfirmAsync(new ConfirmBooking(user, reservationId, "mock", MockTokens.Success));

        // Before: charged, refunded at once by the event's fence, and answered as a Cancelled booking.
        Assert.Equal(DomainErrorCodes.EventNotOnSale, result.Error?.Code);
        var booking = await Grains.GetGrain<IBookingGrain>(bookingId).GetAsync();
        Assert.True(booking is null || booking.Payment.Status is BookingPaymentStatus.NotStarted, $"payment {booking?.Payment.Status}");
        Assert.Equal(ReservationStatus.Cancelled, (await sale.ReservationAsync(reservationId))!.Status);
        Assert.Equal(DomainErrorCodes.EventNotOnSale, (await Grains.GetGrain<IReservationGrain>(other).ExtendAsync(user, 60)).Error?.Code);
        Assert.Equal(ReservationStatus.Cancelled, (await sale.ReservationAsync(other))!.Status);
        Assert.Equal(SeatStatus.Available, await sale.SeatAsync(4));
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId]);
    }

    [Fact]
    public async Task A_booking_that_completes_after_the_event_refunds_began_refunds_itself()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 3);
        var bookingId = Ids.New();
        // The event is cancelled and its refunds start while this booking is between charge and sell.
        fixture.Faults.RunAt(BookingFaultPoints.AfterChargeBeforeSell, bookingId, async () =>
        {
            Assert.True((await Grains.GetGrain<Ticketing.Events.IEventGrain>(sale.EventId).CancelAsync(sale.OrganizerId, false)).Succeeded);
            await Grains.GetGrain<IEventBookingsGrain>(sale.EventId).RefundAllAsync();
        });

        await Grains.GetGrain<IBookingGrain>(bookingId).ConfirmAsync(new ConfirmBooking(user, reservationId, "mock", MockTokens.Success));

        var booking = (await Grains.GetGrain<IBookingGrain>(bookingId).GetAsync())!;
        Assert.NotEqual(BookingStatus.Confirmed, booking.Status);
        Assert.Equal(BookingPaymentStatus.Refunded, booking.Payment.Status);
        Assert.NotEqual(SeatStatus.Sold, await sale.SeatAsync(3));
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId]);
    }

    [Fact]
    public async Task An_event_refund_run_cut_off_between_batches_resumes_by_itself_and_refunds_each_booking_once()
    {
        // 40 bookings: three batches of the run (16 per turn), so a cut-off after the first leaves real work undone.
        const int Bookings = 40;
        var sale = await Sale.OpenAsync(Grains, fixture.Time, seats: Bookings);
        var bookingIds = await Task.WhenAll(Enumerable.Range(1, Bookings).Select(async seat =>
        {
            var user = Ids.New();
            var bookingId = Ids.New();
            var result = await Grains.GetGrain<IBookingGrain>(bookingId)
                .ConfirmAsync(new ConfirmBooking(user, await sale.HoldAsync(user, seat), "mock", MockTokens.Success));
            Assert.True(result.Succeeded, result.Error?.Message);
            return bookingId;
        }));
        var run = Grains.GetGrain<IEventBookingsGrain>(sale.EventId);
        // The run stops dead once its first batch is stored, as when its silo is lost there.
        fixture.Faults.CrashAt(BookingFaultPoints.AfterRefundBatchStored, sale.EventId);

        Assert.True((await Grains.GetGrain<Ticketing.Events.IEventGrain>(sale.EventId).CancelAsync(sale.OrganizerId, actorIsAdmin: false)).Succeeded);

        // Progress is reported part-way: the first batch refunded, the rest still to do.
        var partWay = await Poll.UntilAsync(run.GetRefundProgressAsync, p => p.Refunded > 0);
        Assert.False(partWay.Completed);
        Assert.Equal(Bookings, partWay.Total);
        Assert.InRange(partWay.Refunded, 16, Bookings - 1);

        // Nobody asks again: the run's reminder picks it up from the stored progress.
        var done = await Poll.UntilAsync(run.GetRefundProgressAsync, p => p.Completed, TimeSpan.FromSeconds(60));
        Assert.Equal((Bookings, Bookings, 0), (done.Total, done.Refunded, done.Failed));
        foreach (var id in bookingIds)
        {
            var booking = (await Grains.GetGrain<IBookingGrain>(id).GetAsync())!;
            Assert.Equal((BookingStatus.Cancelled, BookingPaymentStatus.Refunded), (booking.Status, booking.Payment.Status));
        }

        Assert.All(await sale.SeatsAsync(), s => Assert.NotEqual(SeatStatus.Sold, s));
        // Each charge refunded once, none twice, whatever batch it fell in.
        await LedgerReconciliation.AssertReconciledAsync(fixture, bookingIds, expectedCharges: Bookings);
    }
}
