using Ticketing.Bookings;
using Ticketing.Common;
using Ticketing.Tests.Bookings.Support;

namespace Ticketing.Tests.Bookings;

/// <summary>
/// A confirmation under a booking id made for that call (the Api's first Begin of an idempotency key) starts without
/// reading the booking's state. What it stores must be what the next activation reads, and a caller wrongly calling a
/// used id new must be refused before any money moves.
/// </summary>
[Collection(BookingClusterCollection.Name)]
public sealed class MintedBookingIdTests(BookingClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task A_booking_confirmed_under_a_minted_id_is_read_back_by_the_next_activation()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 4);
        var bookingId = Ids.New();
        var grain = Grains.GetGrain<IBookingGrain>(bookingId);

        var confirmed = await grain.ConfirmAsync(new ConfirmBooking(user, reservationId, "mock", MockTokens.Success, BookingIdIsNew: true));
        Assert.True(confirmed.Succeeded, confirmed.Error?.Message);
        await fixture.Cluster.DeactivateAsync(grain);

        var read = await grain.GetAsync();
        Assert.NotNull(read);
        Assert.Equal(BookingStatus.Confirmed, read.Status);
        Assert.Equal(confirmed.Booking!.Reference, read.Reference);
        Assert.Equal(confirmed.Booking.Reference, (await grain.ResumeAsync()).Booking!.Reference);
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId], expectedCharges: 1);
    }

    [Fact]
    public async Task A_caller_calling_a_used_booking_id_new_is_refused_before_anything_is_charged()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 5);
        var bookingId = Ids.New();
        var grain = Grains.GetGrain<IBookingGrain>(bookingId);
        var command = new ConfirmBooking(user, reservationId, "mock", MockTokens.Success, BookingIdIsNew: true);
        var confirmed = await grain.ConfirmAsync(command);
        Assert.True(confirmed.Succeeded, confirmed.Error?.Message);
        await fixture.Cluster.DeactivateAsync(grain);

        // The activation believes it is new; its first write carries no ETag and storage refuses it.
        await Assert.ThrowsAnyAsync<Exception>(() => grain.ConfirmAsync(command));

        var read = await grain.GetAsync();
        Assert.Equal(BookingStatus.Confirmed, read!.Status);
        Assert.Equal(confirmed.Booking!.Reference, read.Reference);
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId], expectedCharges: 1);
    }
}
