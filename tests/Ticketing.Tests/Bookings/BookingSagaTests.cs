using Ticketing.Bookings;
using Ticketing.Common;
using Ticketing.Reservations;
using Ticketing.Seats;
using Ticketing.Tests.Bookings.Support;

namespace Ticketing.Tests.Bookings;

[Collection(BookingClusterCollection.Name)]
public sealed class BookingSagaTests(BookingClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    private Task<BookingResult> ConfirmAsync(string bookingId, string userId, string reservationId, string token = MockTokens.Success)
        => Grains.ConfirmWithMockAsync(bookingId, userId, reservationId, token);

    [Fact]
    public async Task A_successful_payment_confirms_the_booking_sells_the_seats_and_charges_once()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 2, 3);
        var bookingId = Ids.New();

        var result = await ConfirmAsync(bookingId, user, reservationId);

        Assert.True(result.Succeeded, result.Error?.Message);
        var booking = result.Booking!;
        Assert.Equal(BookingStatus.Confirmed, booking.Status);
        Assert.True(BookingReference.IsWellFormed(booking.Reference));
        Assert.Equal(["ORCH-A-2", "ORCH-A-3"], booking.SeatIds.ToArray());
        Assert.Equal(2 * Sale.Price, booking.Amount);
        Assert.Equal("GBP", booking.Currency);
        Assert.Equal(BookingPaymentStatus.Succeeded, booking.Payment.Status);
        Assert.NotNull(booking.Payment.TransactionId);
        Assert.Equal(["ORCH-A-2", "ORCH-A-3"], booking.Tickets.Select(t => t.SeatId));

        Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(2));
        Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(3));
        Assert.Equal(ReservationStatus.Confirmed, (await sale.ReservationAsync(reservationId))!.Status);
        Assert.Equal(bookingId, await Grains.GetGrain<IBookingReferenceGrain>(booking.Reference!).GetBookingIdAsync());
        Assert.Contains(bookingId, (await Grains.GetGrain<IUserBookingsGrain>(user).GetPageAsync(0, 10)).BookingIds);
        Assert.Contains(bookingId, await Grains.GetGrain<IEventBookingsGrain>(sale.EventId).GetBookingIdsAsync());

        var again = await ConfirmAsync(bookingId, user, reservationId);
        Assert.Equal(booking.Reference, again.Booking!.Reference);
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId]);
    }

    [Fact]
    public async Task A_declined_card_fails_the_attempt_and_another_card_can_still_book_the_same_reservation()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 1);
        var expiresAt = (await sale.ReservationAsync(reservationId))!.ExpiresAt;
        var declinedId = Ids.New();

        var declined = await ConfirmAsync(declinedId, user, reservationId, MockTokens.Decline);

        Assert.Equal(DomainErrorCodes.PaymentDeclined, declined.Error?.Code);
        Assert.Equal(BookingStatus.Failed, declined.Booking!.Status);
        var reservation = (await sale.ReservationAsync(reservationId))!;
        Assert.Equal(ReservationStatus.Active, reservation.Status);
        Assert.Equal(expiresAt, reservation.ExpiresAt);
        Assert.Equal(SeatStatus.Held, await sale.SeatAsync(1));

        var retryId = Ids.New();
        var retry = await ConfirmAsync(retryId, user, reservationId);
        Assert.True(retry.Succeeded, retry.Error?.Message);
        Assert.Equal(BookingStatus.Confirmed, retry.Booking!.Status);
        Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(1));
        await LedgerReconciliation.AssertReconciledAsync(fixture, [declinedId, retryId]);
    }

    [Fact]
    public async Task A_provider_error_charges_nothing_and_gives_the_hold_back()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 4);
        var bookingId = Ids.New();

        var result = await ConfirmAsync(bookingId, user, reservationId, MockTokens.Error);

        Assert.Equal(DomainErrorCodes.PaymentProviderError, result.Error?.Code);
        Assert.Equal(BookingStatus.Failed, result.Booking!.Status);
        Assert.Equal(ReservationStatus.Active, (await sale.ReservationAsync(reservationId))!.Status);
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId]);
    }

    [Fact]
    public async Task A_timed_out_charge_is_looked_up_before_the_saga_decides()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 5);
        var bookingId = Ids.New();

        var result = await ConfirmAsync(bookingId, user, reservationId, MockTokens.Timeout);

        var booking = (await Grains.GetGrain<IBookingGrain>(bookingId).GetAsync())!;
        Assert.Contains(booking.Timeline, t => t.Step == "charge-outcome-unknown");
        Assert.True(booking.Status is BookingStatus.Confirmed or BookingStatus.Failed, $"settled, not {booking.Status}");
        Assert.Equal(booking.Status == BookingStatus.Confirmed, result.Succeeded);
        Assert.Equal(booking.Status == BookingStatus.Confirmed ? SeatStatus.Sold : SeatStatus.Held, await sale.SeatAsync(5));
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId]);
    }

    [Fact]
    public async Task Someone_else_cannot_confirm_or_see_my_reservation()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var reservationId = await sale.HoldAsync(Ids.New(), 6);
        var bookingId = Ids.New();

        var result = await ConfirmAsync(bookingId, Ids.New(), reservationId);

        Assert.Equal(DomainErrorCodes.ReservationNotFound, result.Error?.Code);
        Assert.Equal(ReservationStatus.Active, (await sale.ReservationAsync(reservationId))!.Status);
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId]);
    }

    [Fact]
    public async Task An_unknown_payment_method_creates_nothing()
    {
        var bookingId = Ids.New();
        var result = await Grains.GetGrain<IBookingGrain>(bookingId).ConfirmAsync(new ConfirmBooking(Ids.New(), Ids.New(), "bitcoin", "tok"));

        Assert.Equal(DomainErrorCodes.UnknownPaymentMethod, result.Error?.Code);
        Assert.Null(await Grains.GetGrain<IBookingGrain>(bookingId).GetAsync());
        Assert.DoesNotContain("bitcoin", await Grains.GetGrain<IPaymentMethodsGrain>(0).GetNamesAsync());
        Assert.Contains("mock", await Grains.GetGrain<IPaymentMethodsGrain>(0).GetNamesAsync());
    }

    [Fact]
    public async Task Tickets_verify_for_a_confirmed_booking_and_forged_or_cancelled_ones_do_not()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var bookingId = Ids.New();
        var booking = (await ConfirmAsync(bookingId, user, await sale.HoldAsync(user, 7))).Booking!;
        var grain = Grains.GetGrain<IBookingGrain>(bookingId);
        var code = Assert.Single(booking.Tickets).Code;

        var valid = await grain.VerifyTicketAsync(code);
        Assert.True(valid.Valid);
        Assert.Equal(("ORCH-A-7", booking.Reference), (valid.SeatId, valid.Reference));

        var forged = code.Replace(Convert.ToBase64String("ORCH-A-7"u8.ToArray()).TrimEnd('='), Convert.ToBase64String("ORCH-A-8"u8.ToArray()).TrimEnd('='), StringComparison.Ordinal);
        Assert.False((await grain.VerifyTicketAsync(forged)).Valid);
        Assert.False((await grain.VerifyTicketAsync(code[..^2] + (code[^2..] == "AA" ? "BB" : "AA"))).Valid);

        Assert.True((await grain.CancelAsync(new BookingActor(sale.OrganizerId, IsAdmin: false))).Succeeded);
        Assert.False((await grain.VerifyTicketAsync(code)).Valid);
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId]);
    }

    [Fact]
    public async Task Standing_places_are_booked_with_one_ticket_each_and_go_back_on_sale_when_cancelled()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var bookingId = Ids.New();

        var result = await ConfirmAsync(bookingId, user, await sale.HoldStandingAsync(user, 3));

        Assert.True(result.Succeeded, result.Error?.Message);
        var booking = result.Booking!;
        Assert.Equal(("FLOOR", 3, 3 * Sale.GeneralAdmissionPrice), (booking.GeneralAdmissionCategoryId, booking.Quantity, booking.Amount));
        Assert.Empty(booking.SeatIds);
        Assert.Equal(["FLOOR#1", "FLOOR#2", "FLOOR#3"], booking.Tickets.Select(t => t.SeatId).ToArray());
        Assert.True((await Grains.GetGrain<IBookingGrain>(bookingId).VerifyTicketAsync(booking.Tickets[2].Code)).Valid);
        Assert.Equal(3, (await sale.StandingAsync()).Sold);

        var cancelled = await Grains.GetGrain<IBookingGrain>(bookingId).CancelAsync(new BookingActor(user, IsAdmin: false));

        Assert.Equal(BookingStatus.Cancelled, cancelled.Booking!.Status);
        Assert.Equal(0, (await sale.StandingAsync()).Sold);
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId]);
    }
}
