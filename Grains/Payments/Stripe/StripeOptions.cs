namespace Ticketing.Payments.Stripe;

/// <summary>Settings under <c>Payments:Stripe</c>. Real Stripe works by configuration only.</summary>
public sealed class StripeOptions
{
    public const string SectionName = "Payments:Stripe";

    public bool Enabled { get; set; }

    /// <summary>The secret API key (<c>sk_live_...</c> / <c>sk_test_...</c>).</summary>
    public string? SecretKey { get; set; }

    /// <summary>The webhook endpoint's signing secret (<c>whsec_...</c>).</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Another API base URL (tests, a local server speaking Stripe's API); Stripe's own when unset.</summary>
    public string? ApiBase { get; set; }

    /// <summary>How old a signed webhook may be.</summary>
    public int WebhookToleranceSeconds { get; set; } = 300;

    /// <summary>Per-call timeout; past it the outcome is Unknown and the saga looks the charge up.</summary>
    public int RequestTimeoutSeconds { get; set; } = 20;
}
