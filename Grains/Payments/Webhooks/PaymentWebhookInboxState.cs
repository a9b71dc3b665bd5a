namespace Ticketing.Payments.Webhooks;

[GenerateSerializer]
public sealed class PaymentWebhookInboxState
{
    [Id(0)] public DateTimeOffset? ProcessedAt { get; set; }
}
