using Ticketing.Payments;

namespace Ticketing.Tests.Bookings.Support;

/// <summary>What the mock provider's ledger holds for one idempotency key (the booking id).</summary>
public static class MockLedger
{
    public sealed record Entry(int Charges, bool Refunded, long? Amount);

    public static async Task<Entry> EntryAsync(IGrainFactory grains, IServiceProvider siloServices, string bookingId)
    {
        var charge = await grains.GetGrain<IMockPaymentLedgerGrain>(MockLedgerShards.ForKey(bookingId)).FindAsync(bookingId);
        if (charge is null)
        {
            return new Entry(0, false, null);
        }

        var shard = await grains.GetGrain<IMockPaymentLedgerGrain>(MockLedgerShards.ForTransaction(charge.TransactionId)!.Value).GetAsync();
        var refunded = shard.Refunds.Any(r => r.TransactionId == charge.TransactionId);
        return new Entry(charge.Status == MockChargeStatus.Succeeded ? 1 : 0, refunded, charge.Amount);
    }
}
