using Ticketing.Common;

namespace Ticketing.Payments.Mock;

public sealed class MockPaymentLedgerGrain(
    [PersistentState("mock-ledger", StorageNames.Tickets)] IPersistentState<MockPaymentLedgerState> state,
    TimeProvider time) : Grain, IMockPaymentLedgerGrain
{
    private MockPaymentLedgerState Ledger => state.State;

    public async Task<MockCharge> ChargeAsync(string idempotencyKey, long amount, string currency, string token)
    {
        if (Ledger.Charges.TryGetValue(idempotencyKey, out var existing))
        {
            return existing;
        }

        var (status, reason) = token switch
        {
            MockTokens.Success or MockTokens.Timeout => (MockChargeStatus.Succeeded, (string?)null),
            MockTokens.Async => (MockChargeStatus.Pending, null),
            MockTokens.Error => (MockChargeStatus.Failed, "provider_unavailable"),
            MockTokens.Decline => (MockChargeStatus.Declined, "card_declined"),
            _ => (MockChargeStatus.Declined, "invalid_token"),
        };
        var charge = new MockCharge(idempotencyKey, MockLedgerShards.NewTransactionId((int)this.GetPrimaryKeyLong()), amount, currency, status, token, time.GetUtcNow(), reason);
        Ledger.Charges = Ledger.Charges.SetItem(idempotencyKey, charge);
        await state.WriteOrRevertAsync(this);
        return charge;
    }

    public Task<MockCharge?> FindAsync(string idempotencyKey) => Task.FromResult(Ledger.Charges.GetValueOrDefault(idempotencyKey));

    public async Task<MockRefundOutcome> RefundAsync(string refundKey, string transactionId, long? amount)
    {
        if (Ledger.Refunds.TryGetValue(refundKey, out var done))
        {
            return new MockRefundOutcome(done, null);
        }

        var charge = Ledger.Charges.Values.FirstOrDefault(c => c.TransactionId == transactionId);
        if (charge is null || charge.Status != MockChargeStatus.Succeeded)
        {
            return new MockRefundOutcome(null, "charge_not_refundable");
        }

        var refunded = Ledger.Refunds.Values.Where(r => r.TransactionId == transactionId).Sum(r => r.Amount);
        var value = amount ?? charge.Amount - refunded;
        if (value <= 0 || refunded + value > charge.Amount)
        {
            return new MockRefundOutcome(null, "amount_exceeds_charge");
        }

        var refund = new MockRefund(refundKey, "mock_re_" + Ids.New(), transactionId, value, time.GetUtcNow());
        Ledger.Refunds = Ledger.Refunds.SetItem(refundKey, refund);
        await state.WriteOrRevertAsync(this);
        return new MockRefundOutcome(refund, null);
    }

    public async Task<MockCharge?> SettleAsync(string transactionId, bool succeeded)
    {
        var charge = Ledger.Charges.Values.FirstOrDefault(c => c.TransactionId == transactionId);
        if (charge is null || charge.Status != MockChargeStatus.Pending)
        {
            return charge;
        }

        var settled = charge with { Status = succeeded ? MockChargeStatus.Succeeded : MockChargeStatus.Declined, Reason = succeeded ? null : "authentication_failed" };
        Ledger.Charges = Ledger.Charges.SetItem(charge.IdempotencyKey, settled);
        await state.WriteOrRevertAsync(this);
        return settled;
    }

    public Task<MockLedgerSnapshot> GetAsync() => Task.FromResult(new MockLedgerSnapshot([.. Ledger.Charges.Values], [.. Ledger.Refunds.Values]));
}
