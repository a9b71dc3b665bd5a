using Ticketing.Bookings;
using Ticketing.Common;
using Ticketing.Tests.Bookings.Support;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Bookings;

/// <summary>
/// Two bookings drawing the same reference (31^8 values make it rare, not impossible): the second finds it claimed
/// and draws another, so every reference names exactly one booking.
/// </summary>
[Collection(BookingClusterCollection.Name)]
public sealed class ReferenceCollisionTests(BookingClusterFixture fixture)
{
    [Fact]
    public async Task A_booking_whose_reference_is_already_taken_is_confirmed_under_a_new_one()
    {
        var sale = await Sale.OpenAsync(fixture.Client, fixture.Time);
        var taken = BookingReference.New();
        var fresh = BookingReference.New();
        // Both draw the same reference first; the second then draws another.
        fixture.References.Queue(taken, taken, fresh);

        var firstUser = Ids.New();
        var first = Ids.New();
        var firstResult = await fixture.Client.GetGrain<IBookingGrain>(first)
            .ConfirmAsync(new ConfirmBooking(firstUser, await sale.HoldAsync(firstUser, 1), "mock", MockTokens.Success));
        var secondUser = Ids.New();
        var second = Ids.New();
        var secondResult = await fixture.Client.GetGrain<IBookingGrain>(second)
            .ConfirmAsync(new ConfirmBooking(secondUser, await sale.HoldAsync(secondUser, 2), "mock", MockTokens.Success));

        Assert.True(firstResult.Succeeded && secondResult.Succeeded);
        Assert.Equal(taken, firstResult.Booking!.Reference);
        Assert.Equal(fresh, secondResult.Booking!.Reference);
        Assert.Equal(first, await fixture.Client.GetGrain<IBookingReferenceGrain>(taken).GetBookingIdAsync());
        Assert.Equal(second, await fixture.Client.GetGrain<IBookingReferenceGrain>(fresh).GetBookingIdAsync());
        // What the second booking reads back after a restart is the reference it was confirmed under.
        Assert.Equal(fresh, (await fixture.Client.GetGrain<IBookingGrain>(second).GetAsync())!.Reference);
        await LedgerReconciliation.AssertReconciledAsync(fixture, [first, second]);
    }
}
