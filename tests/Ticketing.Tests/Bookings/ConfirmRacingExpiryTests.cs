using Ticketing.Bookings;
using Ticketing.Common;
using Ticketing.Reservations;
using Ticketing.Seats;
using Ticketing.Tests.Bookings.Support;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Bookings;

[Collection(TimeTravelCollection.Name)]
public sealed class ConfirmRacingExpiryTests(TimeTravelClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task A_confirm_racing_the_hold_expiry_either_books_or_charges_nothing()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time, holdTtlSeconds: 60);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 1);
        var reservation = Grains.GetGrain<IReservationGrain>(reservationId);
        fixture.Time.Advance(TimeSpan.FromSeconds(60) - TimeSpan.FromMilliseconds(1));
        var bookingId = Ids.New();

        var confirm = Grains.GetGrain<IBookingGrain>(bookingId).ConfirmAsync(new ConfirmBooking(user, reservationId, "mock", MockTokens.Success));
        fixture.Time.Advance(TimeSpan.FromMilliseconds(2));
        await reservation.ExpireIfDueAsync();
        var result = await confirm;

        if (result.Succeeded)
        {
            Assert.Equal(BookingStatus.Confirmed, result.Booking!.Status);
            Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(1));
        }
        else
        {
            Assert.Contains(result.Error!.Code, new[] { DomainErrorCodes.ReservationExpired, DomainErrorCodes.ReservationNotActive });
            Assert.NotEqual(SeatStatus.Sold, await sale.SeatAsync(1));
        }

        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId]);
    }

    [Fact]
    public async Task An_expired_hold_cannot_be_confirmed_and_nothing_is_charged()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time, holdTtlSeconds: 30);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 2);
        fixture.Time.Advance(TimeSpan.FromSeconds(31));
        var bookingId = Ids.New();

        var result = await Grains.GetGrain<IBookingGrain>(bookingId).ConfirmAsync(new ConfirmBooking(user, reservationId, "mock", MockTokens.Success));

        Assert.Equal(DomainErrorCodes.ReservationExpired, result.Error?.Code);
        Assert.Equal(BookingStatus.Failed, result.Booking!.Status);
        Assert.NotEqual(SeatStatus.Sold, await sale.SeatAsync(2));
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId], expectedCharges: 0);
    }
}
