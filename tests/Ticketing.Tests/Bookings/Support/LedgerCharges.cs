using Ticketing.Payments;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Bookings.Support;

/// <summary>Completes (or fails) an asynchronous mock charge in the ledger, as the customer finishing 3-D Secure would.</summary>
public static class LedgerCharges
{
    public static async Task SettleAsync(ClusterFixture fixture, string bookingId, bool succeeded)
    {
        var shard = fixture.Client.GetGrain<IMockPaymentLedgerGrain>(MockLedgerShards.ForKey(bookingId));
        var pending = await shard.FindAsync(bookingId);
        Assert.NotNull(pending);
        Assert.Equal(MockChargeStatus.Pending, pending.Status);
        var settled = await shard.SettleAsync(pending.TransactionId, succeeded);
        Assert.Equal(succeeded, settled?.Status == MockChargeStatus.Succeeded);
    }
}
