namespace Ticketing.Payments;

/// <param name="Amount">Null refunds the whole charge.</param>
public sealed record RefundRequest(string IdempotencyKey, string TransactionId, long? Amount, string Currency, string Reason);
