namespace Ticketing.Payments;

/// <summary>
/// One shard (key 0..<see cref="MockLedgerShards.Count"/>-1) of the mock provider's ledger, shared by every
/// silo so tests and the benchmark can check that every charge has a booking or a refund.
/// </summary>
[Alias("ticketing.IMockPaymentLedgerGrain")]
public interface IMockPaymentLedgerGrain : IGrainWithIntegerKey
{
    /// <summary>Records the outcome of <paramref name="token"/> once per key; a repeat returns the first record.</summary>
    Task<MockCharge> ChargeAsync(string idempotencyKey, long amount, string currency, string token);

    [ReadOnly]
    Task<MockCharge?> FindAsync(string idempotencyKey);

    /// <summary>Refunds (part of) a succeeded charge once per refund key; never more than was charged.</summary>
    Task<MockRefundOutcome> RefundAsync(string refundKey, string transactionId, long? amount);

    /// <summary>Completes a pending (asynchronous) charge; null if there is no such pending charge.</summary>
    Task<MockCharge?> SettleAsync(string transactionId, bool succeeded);

    [ReadOnly]
    Task<MockLedgerSnapshot> GetAsync();
}
