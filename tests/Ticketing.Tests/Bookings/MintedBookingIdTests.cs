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

    /// <summary>A booking confirmed under a minted id, and the grain of a fresh activation of it.</summary>
    private async Task<(IBookingGrain Grain, ConfirmBooking Command, BookingSnapshot Booking)> ConfirmedThenDeactivatedAsync(int seat)
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var command = new ConfirmBooking(user, await sale.HoldAsync(user, seat), "mock", MockTokens.Success, BookingIdIsNew: true);
        var grain = Grains.GetGrain<IBookingGrain>(Ids.New());
        var confirmed = await grain.ConfirmAsync(command);
        Assert.True(confirmed.Succeeded, confirmed.Error?.Message);
        await fixture.Cluster.DeactivateAsync(grain);
        return (grain, command, confirmed.Booking!);
    }

    [Fact]
    public async Task A_booking_confirmed_under_a_minted_id_is_read_back_by_the_next_activation()
    {
        var (grain, _, confirmed) = await ConfirmedThenDeactivatedAsync(4);

        var read = await grain.GetAsync();
        Assert.NotNull(read);
        Assert.Equal(BookingStatus.Confirmed, read.Status);
        Assert.Equal(confirmed.Reference, read.Reference);
        Assert.Equal(confirmed.Reference, (await grain.ResumeAsync()).Booking!.Reference);
        await LedgerReconciliation.AssertReconciledAsync(fixture, [confirmed.Id], expectedCharges: 1);
    }

    [Fact]
    public async Task A_caller_calling_a_used_booking_id_new_is_refused_before_anything_is_charged()
    {
        var (grain, command, confirmed) = await ConfirmedThenDeactivatedAsync(5);

        // The activation believes it is new; its first write carries no ETag and storage refuses it.
        await Assert.ThrowsAnyAsync<Exception>(() => grain.ConfirmAsync(command));

        var read = await grain.GetAsync();
        Assert.Equal(BookingStatus.Confirmed, read!.Status);
        Assert.Equal(confirmed.Reference, read.Reference);
        await LedgerReconciliation.AssertReconciledAsync(fixture, [confirmed.Id], expectedCharges: 1);
    }
}
