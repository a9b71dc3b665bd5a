namespace Ticketing.Payments.Mock;

/// <summary>The JSON body of a mock webhook.</summary>
public sealed record MockWebhookPayload(string Id, string Type, string TransactionId, string IdempotencyKey, string? Reason)
{
    public const string ChargeSucceeded = "charge.succeeded";
    public const string ChargeFailed = "charge.failed";
    public const string ChargeRefunded = "charge.refunded";
}
