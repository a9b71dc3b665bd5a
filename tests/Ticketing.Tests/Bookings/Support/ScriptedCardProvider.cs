using System.Collections.Concurrent;
using Ticketing.Payments;

namespace Ticketing.Tests.Bookings.Support;

/// <summary>
/// A provider whose tokens script what happens, for the idempotency of confirmations across attempts:
/// <see cref="FailsOnce"/> tokens meet a provider error on their first charge (nothing charged) and succeed after it,
/// as a provider back from an outage; <see cref="NeedsAction"/> tokens await the customer (3-D Secure) with a client
/// secret. One instance per test cluster (its silos share the process).
/// </summary>
public sealed class ScriptedCardProvider : IPaymentProvider
{
    public const string MethodName = "scripted";

    public const string FailsOnce = "fails-once";

    public const string NeedsAction = "needs-action";

    /// <summary>Awaits the customer, and the provider's look-up of the charge cannot say (as Stripe's lagging search).</summary>
    public const string AwaitsUnseen = "awaits-unseen";

    /// <summary>Authorised by the customer; the provider is still processing it (Stripe's <c>processing</c>).</summary>
    public const string Processing = "processing";

    private readonly ConcurrentDictionary<string, ChargeResult> _charges = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _failedTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _unseen = new(StringComparer.Ordinal);
    private int _chargeCalls;

    public string Name => MethodName;

    public int ChargeCalls => Volatile.Read(ref _chargeCalls);

    public bool Charged(string idempotencyKey) => _charges.ContainsKey(idempotencyKey);

    public Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _chargeCalls);
        if (request.PaymentToken.StartsWith(FailsOnce, StringComparison.Ordinal) && _failedTokens.TryAdd(request.PaymentToken, true))
        {
            return Task.FromResult(ChargeResult.Failed("The provider is down."));
        }

        return Task.FromResult(_charges.GetOrAdd(request.IdempotencyKey, key =>
        {
            if (request.PaymentToken.StartsWith(Processing, StringComparison.Ordinal))
            {
                return ChargeResult.Processing("txn-" + key);
            }

            if (request.PaymentToken.StartsWith(AwaitsUnseen, StringComparison.Ordinal))
            {
                _unseen.TryAdd(key, true);
            }

            return request.PaymentToken.StartsWith(NeedsAction, StringComparison.Ordinal) || request.PaymentToken.StartsWith(AwaitsUnseen, StringComparison.Ordinal)
                ? ChargeResult.RequiresAction("txn-" + key, new PaymentAction("use_stripe_sdk", "txn-" + key + "_secret"))
                : ChargeResult.Succeeded("txn-" + key);
        }));
    }

    public Task<ChargeResult> FindChargeAsync(string idempotencyKey, CancellationToken cancellationToken)
        => Task.FromResult(_unseen.ContainsKey(idempotencyKey) ? ChargeResult.Unknown("The search does not show the charge yet.")
            : _charges.TryGetValue(idempotencyKey, out var charge) ? charge : ChargeResult.NotFound);

    public Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
        => Task.FromResult(new RefundResult(true, "re-" + request.IdempotencyKey));

    public WebhookParseResult ParseWebhook(string payload, IReadOnlyDictionary<string, string> headers)
        => WebhookParseResult.Rejected("This provider sends no webhooks.");
}
