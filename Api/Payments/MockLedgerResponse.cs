using Ticketing.Payments;

namespace Ticketing.Api.Payments;

public sealed record MockLedgerResponse(IReadOnlyList<MockLedgerChargeResponse> Charges, IReadOnlyList<MockLedgerRefundResponse> Refunds);

public sealed record MockLedgerChargeResponse(string IdempotencyKey, string TransactionId, long Amount, string Currency, string Status, string Token, DateTimeOffset CreatedAt)
{
    public static MockLedgerChargeResponse From(MockCharge c) => new(c.IdempotencyKey, c.TransactionId, c.Amount, c.Currency, c.Status.ToString(), c.Token, c.CreatedAt);
}

public sealed record MockLedgerRefundResponse(string RefundKey, string RefundId, string TransactionId, long Amount, DateTimeOffset CreatedAt)
{
    public static MockLedgerRefundResponse From(MockRefund r) => new(r.RefundKey, r.RefundId, r.TransactionId, r.Amount, r.CreatedAt);
}
