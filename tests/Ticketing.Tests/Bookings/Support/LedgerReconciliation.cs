using Microsoft.Extensions.DependencyInjection;
using Ticketing.Bookings;
using Ticketing.Payments;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Bookings.Support;

/// <summary>
/// Invariant 3 after a test: for each booking attempt, the mock ledger and the booking agree. A Confirmed booking
/// has exactly one successful, unrefunded charge of its amount; any other booking has no charge or a refunded
/// one; no booking is left half-way (PendingPayment with money taken). Reusable by any test that books.
/// </summary>
public static class LedgerReconciliation
{
    public static Task AssertReconciledAsync(ClusterFixture fixture, IReadOnlyCollection<string> bookingIds, int? expectedCharges = null)
        => AssertReconciledAsync(fixture.Client, fixture.Cluster.Silos[0].ServiceProvider, bookingIds, expectedCharges);

    public static Task AssertReconciledAsync(ApiFixture api, IReadOnlyCollection<string> bookingIds, int? expectedCharges = null)
        => AssertReconciledAsync(api.ClusterClient, api.Services, bookingIds, expectedCharges);

    public static async Task AssertReconciledAsync(IGrainFactory grains, IServiceProvider siloServices, IReadOnlyCollection<string> bookingIds, int? expectedCharges = null)
    {
        var provider = MockProvider(siloServices);
        var charged = 0;
        foreach (var bookingId in bookingIds)
        {
            var booking = await grains.GetGrain<IBookingGrain>(bookingId).GetAsync();
            var charge = await provider.FindChargeAsync(bookingId, CancellationToken.None);
            var ledger = await MockLedger.EntryAsync(grains, siloServices, bookingId);
            var tookMoney = charge.Status == ChargeStatus.Succeeded;
            charged += tookMoney ? 1 : 0;

            Assert.True(ledger.Charges <= 1, $"booking {bookingId} was charged {ledger.Charges} times");
            if (booking is null)
            {
                Assert.False(tookMoney, $"charge {bookingId} has no booking at all");
                continue;
            }

            if (booking.Status == BookingStatus.Confirmed)
            {
                Assert.True(tookMoney, $"booking {bookingId} is Confirmed without a successful charge");
                Assert.False(ledger.Refunded, $"booking {bookingId} is Confirmed but its charge was refunded");
                Assert.True(ledger.Amount is null || ledger.Amount == booking.Amount, $"booking {bookingId} charged {ledger.Amount}, booked {booking.Amount}");
            }
            else if (tookMoney)
            {
                Assert.True(booking.Status != BookingStatus.PendingPayment || booking.Payment.Status == BookingPaymentStatus.Pending,
                    $"booking {bookingId} took money but is stuck in {booking.Status}");
                Assert.True(ledger.Refunded, $"booking {bookingId} is {booking.Status} and its charge was not refunded");
            }
        }

        if (expectedCharges is { } expected)
        {
            Assert.Equal(expected, charged);
        }
    }

    private static IPaymentProvider MockProvider(IServiceProvider services)
    {
        var registry = services.GetRequiredService<IPaymentProviderRegistry>();
        Assert.True(registry.TryGet("mock", out var provider), "the mock provider is registered");
        return provider;
    }
}
