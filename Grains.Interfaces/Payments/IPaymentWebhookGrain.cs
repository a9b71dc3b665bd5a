namespace Ticketing.Payments;

/// <summary>
/// Verifies and routes provider webhooks inside the silo (the Api may be a client without secrets).
/// A stateless worker: any silo verifies; the per-event inbox makes delivery idempotent.
/// </summary>
[Alias("ticketing.IPaymentWebhookGrain")]
public interface IPaymentWebhookGrain : IGrainWithIntegerKey
{
    Task<WebhookResult> HandleAsync(string provider, string payload, Dictionary<string, string> headers);

    /// <summary>Mock provider only: completes a pending charge and delivers the signed webhook it produces.</summary>
    Task<WebhookResult> SettleMockChargeAsync(string transactionId, bool succeeded);
}
