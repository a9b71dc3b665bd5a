namespace Ticketing.Payments;

/// <summary>One provider event (key <c>{provider}/{eventId}</c>): handed on once, replays answered as duplicates.</summary>
[Alias("ticketing.IPaymentWebhookInboxGrain")]
public interface IPaymentWebhookInboxGrain : IGrainWithStringKey
{
    Task<WebhookResult> DeliverAsync(string idempotencyKey, PaymentOutcome outcome);
}
