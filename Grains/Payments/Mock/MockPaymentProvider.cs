using Ticketing.Common;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Ticketing.Payments.Mock;

/// <summary>
/// The deterministic provider (SPEC section 8): tokens decide the outcome, the ledger grains remember it per
/// idempotency key. <c>tok_timeout</c> records a charge but answers Unknown, as a real timeout can.
/// </summary>
public sealed class MockPaymentProvider(IGrainFactory grains, IOptions<MockPaymentOptions> options, TimeProvider time) : IPaymentProvider
{
    public const string ProviderName = "mock";

    public string Name => ProviderName;

    public async Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken)
    {
        var firstTime = await Ledger(request.IdempotencyKey).FindAsync(request.IdempotencyKey) is null;
        var charge = await Ledger(request.IdempotencyKey).ChargeAsync(request.IdempotencyKey, request.Amount, request.Currency, request.PaymentToken);
        return firstTime && charge.Token == MockTokens.Timeout ? ChargeResult.Unknown("the provider did not answer in time") : Map(charge);
    }

    public async Task<ChargeResult> FindChargeAsync(string idempotencyKey, CancellationToken cancellationToken)
        => await Ledger(idempotencyKey).FindAsync(idempotencyKey) is { } charge ? Map(charge) : ChargeResult.NotFound;

    public async Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        if (MockLedgerShards.ForTransaction(request.TransactionId) is not { } shard)
        {
            return new RefundResult(false, null, "unknown transaction");
        }

        var outcome = await grains.For<IMockPaymentLedgerGrain>(shard).RefundAsync(request.IdempotencyKey, request.TransactionId, request.Amount);
        return outcome.Refund is { } refund ? new RefundResult(true, refund.RefundId) : new RefundResult(false, null, outcome.Error);
    }

    public WebhookParseResult ParseWebhook(string payload, IReadOnlyDictionary<string, string> headers)
    {
        var o = options.Value;
        var problem = MockWebhookSignature.Verify(payload, headers.GetValueOrDefault(MockWebhookSignature.Header), o.WebhookSecret, time.GetUtcNow(), TimeSpan.FromSeconds(o.WebhookToleranceSeconds));
        if (problem is not null)
        {
            return WebhookParseResult.Rejected(problem);
        }

        MockWebhookPayload? body;
        try
        {
            body = JsonSerializer.Deserialize<MockWebhookPayload>(payload, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return WebhookParseResult.Rejected("the payload is not a mock event");
        }

        if (body is null || string.IsNullOrEmpty(body.Id) || string.IsNullOrEmpty(body.Type))
        {
            return WebhookParseResult.Rejected("the payload is not a mock event");
        }

        var kind = body.Type switch
        {
            MockWebhookPayload.ChargeSucceeded => PaymentWebhookKind.ChargeSucceeded,
            MockWebhookPayload.ChargeFailed => PaymentWebhookKind.ChargeFailed,
            MockWebhookPayload.ChargeRefunded => PaymentWebhookKind.ChargeRefunded,
            _ => PaymentWebhookKind.Ignored,
        };
        return WebhookParseResult.Accepted(new PaymentWebhookEvent(Name, body.Id, kind, body.TransactionId, body.IdempotencyKey, body.Reason));
    }

    /// <summary>Builds the signed webhook a settled asynchronous charge produces.</summary>
    public (string Payload, Dictionary<string, string> Headers) SignedWebhookFor(MockCharge charge)
    {
        var body = new MockWebhookPayload("evt_" + Guid.NewGuid().ToString("N"),
            charge.Status == MockChargeStatus.Succeeded ? MockWebhookPayload.ChargeSucceeded : MockWebhookPayload.ChargeFailed,
            charge.TransactionId, charge.IdempotencyKey, charge.Reason);
        var payload = JsonSerializer.Serialize(body, JsonSerializerOptions.Web);
        return (payload, new Dictionary<string, string> { [MockWebhookSignature.Header] = MockWebhookSignature.Create(payload, options.Value.WebhookSecret, time.GetUtcNow()) });
    }

    private IMockPaymentLedgerGrain Ledger(string key) => grains.For<IMockPaymentLedgerGrain>(MockLedgerShards.ForKey(key));

    private static ChargeResult Map(MockCharge charge) => charge.Status switch
    {
        MockChargeStatus.Succeeded => ChargeResult.Succeeded(charge.TransactionId),
        MockChargeStatus.Pending => ChargeResult.RequiresAction(charge.TransactionId),
        MockChargeStatus.Failed => ChargeResult.Failed(charge.Reason ?? "provider_error"),
        _ => ChargeResult.Declined(charge.Reason ?? "card_declined", charge.TransactionId),
    };
}
