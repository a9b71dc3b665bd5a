using Ticketing.Payments;

namespace Ticketing.Tests.Bookings.Support;

/// <summary>Completes (or fails) an asynchronous mock charge, as the customer finishing 3-D Secure would: through
/// the same signed-webhook pipeline the provider uses.</summary>
public static class LedgerCharges
{
    public static async Task SettleAsync(Ticketing.Tests.Infrastructure.ClusterFixture fixture, string bookingId, bool succeeded)
    {
        var charge = await fixture.Client.GetGrain<IMockPaymentLedgerGrain>(MockLedgerShards.ForKey(bookingId)).FindAsync(bookingId)
                     ?? throw new InvalidOperationException($"no mock charge for booking {bookingId}");
        await fixture.Client.GetGrain<IPaymentWebhookGrain>(0).SettleMockChargeAsync(charge.TransactionId, succeeded);
    }
}
