using Ticketing.Bookings;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Bookings.Support;

/// <summary>
/// Invariant 3 after a test: the mock ledger and the bookings agree. For each booking attempt: a Confirmed booking
/// has exactly one successful, unrefunded charge of its amount; any other booking has no charge or a fully refunded
/// one; no money sits on a booking that is still half-way. On a cluster that only booking tests use, the whole
/// ledger is checked too: every charge that took money is a Confirmed booking or was refunded.
/// </summary>
public static class LedgerReconciliation
{
    public static async Task AssertReconciledAsync(ClusterFixture fixture, IReadOnlyCollection<string> bookingIds, int? expectedCharges = null)
    {
        await AssertReconciledAsync(fixture.Client, bookingIds, expectedCharges);
        if (fixture is BookingClusterFixture)
        {
            await AssertWholeLedgerReconciledAsync(fixture.Client);
        }
    }

    public static Task AssertReconciledAsync(ApiFixture api, IReadOnlyCollection<string> bookingIds, int? expectedCharges = null)
        => AssertReconciledAsync(api.ClusterClient, bookingIds, expectedCharges);

    public static async Task AssertReconciledAsync(IGrainFactory grains, IReadOnlyCollection<string> bookingIds, int? expectedCharges = null)
    {
        var charged = 0;
        foreach (var bookingId in bookingIds)
        {
            var booking = await grains.GetGrain<IBookingGrain>(bookingId).GetAsync();
            var ledger = await MockLedger.EntryAsync(grains, bookingId);
            charged += ledger.Charged ? 1 : 0;
            AssertAgree(bookingId, booking, ledger.Charged, ledger.Refunded, ledger.Charge?.Amount);
        }

        if (expectedCharges is { } expected)
        {
            Assert.Equal(expected, charged);
        }
    }

    public static async Task AssertWholeLedgerReconciledAsync(IGrainFactory grains)
    {
        foreach (var (charge, refunded) in await MockLedger.SucceededChargesAsync(grains))
        {
            var booking = await grains.GetGrain<IBookingGrain>(charge.IdempotencyKey).GetAsync();
            AssertAgree(charge.IdempotencyKey, booking, charged: true, refunded >= charge.Amount, charge.Amount);
        }
    }

    private static void AssertAgree(string bookingId, BookingSnapshot? booking, bool charged, bool refunded, long? amount)
    {
        if (booking?.Status == BookingStatus.Confirmed)
        {
            Assert.True(charged, $"booking {bookingId} is Confirmed without a successful charge");
            Assert.False(refunded, $"booking {bookingId} is Confirmed but its charge was refunded");
            Assert.Equal(booking.Amount, amount);
            return;
        }

        if (charged)
        {
            Assert.True(refunded, $"charge {bookingId} took money but its booking is {booking?.Status.ToString() ?? "missing"} and nothing was refunded");
            Assert.True(booking is null || booking.Payment.Status == BookingPaymentStatus.Refunded,
                $"booking {bookingId} does not record the refund of its charge ({booking?.Payment.Status})");
        }
    }
}
