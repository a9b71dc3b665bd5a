namespace Ticketing.Payments;

/// <summary>
/// A provider event the product acts on. <see cref="ProviderEventId"/> makes delivery idempotent;
/// <see cref="IdempotencyKey"/> is the booking id the charge was made for (null if the provider did not say).
/// </summary>
public sealed record PaymentWebhookEvent(
    string Provider,
    string ProviderEventId,
    PaymentWebhookKind Kind,
    string? TransactionId,
    string? IdempotencyKey,
    string? Reason);
