using Ticketing.Common;
using Microsoft.Extensions.Logging;
using Ticketing.Payments.Mock;

namespace Ticketing.Payments.Webhooks;

[StatelessWorker]
public sealed partial class PaymentWebhookGrain(IPaymentProviderRegistry registry, ILogger<PaymentWebhookGrain> logger) : Grain, IPaymentWebhookGrain
{
    public async Task<WebhookResult> HandleAsync(string provider, string payload, Dictionary<string, string> headers)
    {
        if (!registry.TryGet(provider, out var handler))
        {
            return new WebhookResult(WebhookHandling.UnknownProvider, $"valid providers: {string.Join(", ", registry.Names)}");
        }

        var parsed = handler.ParseWebhook(payload, new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase));
        if (parsed.Event is not { } e)
        {
            LogRejected(logger, provider, parsed.Error ?? "rejected");
            return new WebhookResult(WebhookHandling.InvalidSignature, parsed.Error);
        }

        var kind = e.Kind switch
        {
            PaymentWebhookKind.ChargeSucceeded => PaymentOutcomeKind.Succeeded,
            PaymentWebhookKind.ChargeFailed => PaymentOutcomeKind.Failed,
            PaymentWebhookKind.ChargeRefunded => PaymentOutcomeKind.Refunded,
            _ => (PaymentOutcomeKind?)null,
        };
        if (kind is null || string.IsNullOrEmpty(e.IdempotencyKey))
        {
            return new WebhookResult(WebhookHandling.Ignored);
        }

        var outcome = new PaymentOutcome(handler.Name, e.ProviderEventId, kind.Value, e.TransactionId, e.Reason);
        return await GrainFactory.For<IPaymentWebhookInboxGrain>($"{handler.Name}/{e.ProviderEventId}").DeliverAsync(e.IdempotencyKey, outcome);
    }

    public async Task<WebhookResult> SettleMockChargeAsync(string transactionId, bool succeeded)
    {
        if (MockLedgerShards.ForTransaction(transactionId) is not { } shard
            || !registry.TryGet(MockPaymentProvider.ProviderName, out var provider) || provider is not MockPaymentProvider mock)
        {
            return new WebhookResult(WebhookHandling.Ignored, "unknown transaction");
        }

        var charge = await GrainFactory.For<IMockPaymentLedgerGrain>(shard).SettleAsync(transactionId, succeeded);
        if (charge is null || charge.Status == MockChargeStatus.Pending)
        {
            return new WebhookResult(WebhookHandling.Ignored, "no pending charge with that transaction id");
        }

        var (payload, headers) = mock.SignedWebhookFor(charge);
        return await HandleAsync(MockPaymentProvider.ProviderName, payload, headers);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a {Provider} webhook: {Reason}")]
    private static partial void LogRejected(ILogger logger, string provider, string reason);
}
