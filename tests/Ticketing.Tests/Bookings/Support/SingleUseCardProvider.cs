using System.Collections.Concurrent;
using Ticketing.Payments;

namespace Ticketing.Tests.Bookings.Support;

/// <summary>
/// A provider that, like a card processor once its idempotency key has lapsed (Stripe keeps them about a day), does not
/// replay a repeated charge: the card details are spent, so a second charge under the same key is refused, though
/// the first charge still exists and can be found. One instance per test cluster (its silos share the process).
/// </summary>
public sealed class SingleUseCardProvider : IPaymentProvider
{
    public const string MethodName = "single-use";

    private readonly ConcurrentDictionary<string, string> _charges = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _refunds = new(StringComparer.Ordinal);
    private int _chargeCalls;

    public string Name => MethodName;

    public int ChargeCalls => Volatile.Read(ref _chargeCalls);

    public bool Charged(string idempotencyKey) => _charges.ContainsKey(idempotencyKey);

    public bool Refunded(string transactionId) => _refunds.Values.Contains(transactionId, StringComparer.Ordinal);

    public Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _chargeCalls);
        return Task.FromResult(_charges.TryAdd(request.IdempotencyKey, "txn-" + request.IdempotencyKey)
            ? ChargeResult.Succeeded("txn-" + request.IdempotencyKey)
            : ChargeResult.Failed("The card details were already used."));
    }

    /// <summary>Like Stripe's search, which lags behind its charges, it cannot say that a charge does not exist.</summary>
    public Task<ChargeResult> FindChargeAsync(string idempotencyKey, CancellationToken cancellationToken)
        => Task.FromResult(_charges.TryGetValue(idempotencyKey, out var transactionId)
            ? ChargeResult.Succeeded(transactionId)
            : ChargeResult.Unknown("not found yet; the search may lag"));

    public Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        _refunds.TryAdd(request.IdempotencyKey, request.TransactionId);
        return Task.FromResult(new RefundResult(true, "re-" + request.IdempotencyKey));
    }

    public WebhookParseResult ParseWebhook(string payload, IReadOnlyDictionary<string, string> headers)
        => WebhookParseResult.Rejected("This provider sends no webhooks.");
}
