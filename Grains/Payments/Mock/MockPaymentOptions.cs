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

    /// <summary>
    /// Unset (the default): on, except in the Production environment. Its test tokens confirm bookings without any
    /// money moving, so a deployment that sells for real must not offer it by accident; a demo or load-test cluster
    /// in Production turns it on with <c>Payments__Mock__Enabled=true</c>.
    /// </summary>
    public bool? Enabled { get; set; }

    public string WebhookSecret { get; set; } = DevelopmentWebhookSecret;

    /// <summary>How old a signed webhook may be.</summary>
    public int WebhookToleranceSeconds { get; set; } = 300;
}
