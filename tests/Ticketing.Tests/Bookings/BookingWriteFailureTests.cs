using Ticketing.Bookings;
using Ticketing.Common;
using Ticketing.Payments;
using Ticketing.Tests.Bookings.Support;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Bookings;

/// <summary>
/// A booking whose write fails keeps nothing of the change in memory: the next call sees what is stored, so a change
/// that was never stored is neither shown nor taken as done (a provider's redelivery then applies it).
/// </summary>
[Collection(StorageFaultCollection.Name)]
public sealed class BookingWriteFailureTests(StorageFaultClusterFixture fixture)
{
    [Fact]
    public async Task A_payment_failure_whose_write_failed_is_not_taken_as_done_and_its_redelivery_applies_it()
    {
        var sale = await Sale.OpenAsync(fixture.Client, fixture.Time);
        var user = Ids.New();
        var bookingId = Ids.New();
        var booking = fixture.Client.GetGrain<IBookingGrain>(bookingId);
        var awaiting = await booking.ConfirmAsync(new ConfirmBooking(user, await sale.HoldAsync(user, 1), "mock", MockTokens.Async));
        Assert.Equal(BookingStatus.PendingPayment, awaiting.Booking!.Status);
        var failed = new PaymentOutcome("mock", "evt-" + Ids.New(), PaymentOutcomeKind.Failed, awaiting.Booking.Payment.TransactionId, "declined by the bank");

        fixture.Faults.FailNextWrites(bookingId);
        await Assert.ThrowsAnyAsync<Exception>(() => fixture.Client.GetGrain<IBookingPaymentSink>(bookingId).ApplyPaymentOutcomeAsync(failed));

        Assert.Equal(BookingStatus.PendingPayment, (await booking.GetAsync())!.Status);
        await fixture.Client.GetGrain<IBookingPaymentSink>(bookingId).ApplyPaymentOutcomeAsync(failed);
        Assert.Equal(BookingStatus.Failed, (await booking.GetAsync())!.Status);
    }
}
