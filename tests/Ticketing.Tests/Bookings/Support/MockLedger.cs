using Ticketing.Payments;

namespace Ticketing.Tests.Bookings.Support;

/// <summary>Reads the mock provider's sharded ledger (the payments feature's <see cref="IMockPaymentLedgerGrain"/>s).</summary>
public static class MockLedger
{
    /// <param name="Charged">A charge with this key took money.</param>
    /// <param name="Refunded">Refunds of that charge add up to its amount.</param>
    public sealed record Entry(MockCharge? Charge, bool Charged, bool Refunded, long RefundedAmount);

    public static async Task<Entry> EntryAsync(IGrainFactory grains, string idempotencyKey)
    {
        var shard = grains.GetGrain<IMockPaymentLedgerGrain>(MockLedgerShards.ForKey(idempotencyKey));
        var charge = await shard.FindAsync(idempotencyKey);
        if (charge is not { Status: MockChargeStatus.Succeeded })
        {
            return new Entry(charge, false, false, 0);
        }

        var refunded = await RefundedAmountAsync(grains, charge);
        return new Entry(charge, true, refunded >= charge.Amount, refunded);
    }

    /// <summary>Every charge that took money, from every shard.</summary>
    public static async Task<IReadOnlyList<(MockCharge Charge, long Refunded)>> SucceededChargesAsync(IGrainFactory grains)
    {
        var snapshots = await Task.WhenAll(Enumerable.Range(0, MockLedgerShards.Count)
            .Select(i => grains.GetGrain<IMockPaymentLedgerGrain>(i).GetAsync()));
        var refunds = snapshots.SelectMany(s => s.Refunds).GroupBy(r => r.TransactionId).ToDictionary(g => g.Key, g => g.Sum(r => r.Amount));
        return [.. snapshots.SelectMany(s => s.Charges).Where(c => c.Status == MockChargeStatus.Succeeded)
            .Select(c => (c, refunds.GetValueOrDefault(c.TransactionId)))];
    }

    private static async Task<long> RefundedAmountAsync(IGrainFactory grains, MockCharge charge)
    {
        var shard = MockLedgerShards.ForTransaction(charge.TransactionId) ?? MockLedgerShards.ForKey(charge.IdempotencyKey);
        var snapshot = await grains.GetGrain<IMockPaymentLedgerGrain>(shard).GetAsync();
        return snapshot.Refunds.Where(r => r.TransactionId == charge.TransactionId).Sum(r => r.Amount);
    }
}
