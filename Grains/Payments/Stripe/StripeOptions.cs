namespace Ticketing.Payments.Stripe;

/// <summary>Settings under <c>Payments:Stripe</c>. Real Stripe works by configuration only.</summary>
public sealed class StripeOptions
{
    public const string SectionName = "Payments:Stripe";

    /// <summary>
    /// Unset (the default): on when a <see cref="SecretKey"/> or <see cref="WebhookSecret"/> is configured, as SPEC
    /// section 8 has it ("real Stripe works by configuration only"), and then both are required. False keeps the keys
    /// configured but the provider off.
    /// </summary>
    public bool? Enabled { get; set; }

    public bool IsEnabled => Enabled ?? (!string.IsNullOrWhiteSpace(SecretKey) || !string.IsNullOrWhiteSpace(WebhookSecret));

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

    /// <summary>
    /// How often Stripe.net itself retries a request that met a connection error, a timeout, a 409, a 5xx, or an answer
    /// with <c>Stripe-Should-Retry: true</c> (e.g. a 429 Stripe expects to clear), backing off from 0.5 s. Safe because
    /// every write carries an idempotency key. 2 is Stripe.net's own default; 0 leaves every retry to the saga.
    /// </summary>
    public int MaxNetworkRetries { get; set; } = 2;
}
