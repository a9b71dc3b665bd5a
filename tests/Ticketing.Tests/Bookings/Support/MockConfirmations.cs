using Ticketing.Bookings;

namespace Ticketing.Tests.Bookings.Support;

/// <summary>A confirmation straight to the booking grain, paid with a mock token.</summary>
public static class MockConfirmations
{
    public static Task<BookingResult> ConfirmWithMockAsync(
        this IGrainFactory grains, string bookingId, string userId, string reservationId, string token = MockTokens.Success)
        => grains.GetGrain<IBookingGrain>(bookingId).ConfirmAsync(new ConfirmBooking(userId, reservationId, "mock", token));
}
