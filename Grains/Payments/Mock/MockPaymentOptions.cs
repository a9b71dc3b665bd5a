namespace Ticketing.Payments.Mock;

/// <summary>Settings under <c>Payments:Mock</c>.</summary>
public sealed class MockPaymentOptions
{
    public const string SectionName = "Payments:Mock";

    /// <summary>
    /// Development default, the same on every silo so any of them verifies what another signed. Set your own
    /// (<c>Payments__Mock__WebhookSecret</c>) wherever the mock provider is reachable by others.
    /// </summary>
    public const string DevelopmentWebhookSecret = "dev-mock-webhook-secret-change-me";

    public string WebhookSecret { get; set; } = DevelopmentWebhookSecret;

    /// <summary>How old a signed webhook may be.</summary>
    public int WebhookToleranceSeconds { get; set; } = 300;
}
