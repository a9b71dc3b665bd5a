namespace Ticketing.Payments;

/// <summary>A verified webhook (<see cref="Event"/>) or why it was rejected (<see cref="Error"/>).</summary>
public sealed record WebhookParseResult(PaymentWebhookEvent? Event, string? Error)
{
    public static WebhookParseResult Rejected(string error) => new(null, error);

    public static WebhookParseResult Accepted(PaymentWebhookEvent webhookEvent) => new(webhookEvent, null);
}
