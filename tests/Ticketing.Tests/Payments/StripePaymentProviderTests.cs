using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Ticketing.Payments;
using Ticketing.Payments.Stripe;
using Ticketing.Tests.Payments.FakeStripe;

namespace Ticketing.Tests.Payments;

/// <summary>Stripe.net's real client against a local server that speaks the Stripe API shapes the provider uses.</summary>
public sealed class StripePaymentProviderTests : IAsyncLifetime
{
    private const string WebhookSecret = "whsec_test_secret";
    private FakeStripeServer _stripe = null!;
    private StripePaymentProvider _provider = null!;

    public async Task InitializeAsync()
    {
        _stripe = await FakeStripeServer.StartAsync();
        _provider = Provider(new StripeOptions().MaxNetworkRetries);
    }

    /// <summary>A provider as configured in production (Stripe.net retrying <paramref name="maxNetworkRetries"/> times), with a short timeout.</summary>
    private StripePaymentProvider Provider(int maxNetworkRetries) => new(Options.Create(new StripeOptions
    {
        Enabled = true,
        SecretKey = "sk_test_fake",
        WebhookSecret = WebhookSecret,
        ApiBase = _stripe.BaseUrl,
        RequestTimeoutSeconds = 2,
        MaxNetworkRetries = maxNetworkRetries,
    }));

    public async Task DisposeAsync() => await _stripe.DisposeAsync();

    private static ChargeRequest Charge(string key, string token) => new(key, 5000, "GBP", "customer-1", token, "test booking");

    [Fact]
    public async Task A_good_card_is_charged_and_a_retry_with_the_same_key_charges_nothing_more()
    {
        var key = Guid.NewGuid().ToString("N");
        var first = await _provider.ChargeAsync(Charge(key, "pm_card_visa"), CancellationToken.None);
        var again = await _provider.ChargeAsync(Charge(key, "pm_card_visa"), CancellationToken.None);
        Assert.Equal(ChargeStatus.Succeeded, first.Status);
        Assert.Equal(first.TransactionId, again.TransactionId);
        Assert.Equal(1, _stripe.IntentsCreated);
    }

    [Fact]
    public async Task A_declined_card_is_a_decline_with_its_reason()
    {
        var result = await _provider.ChargeAsync(Charge(Guid.NewGuid().ToString("N"), "pm_card_chargeDeclined"), CancellationToken.None);
        Assert.Equal(ChargeStatus.Declined, result.Status);
        Assert.Equal("generic_decline", result.Reason);
    }

    [Fact]
    public async Task A_card_needing_authentication_leaves_the_payment_pending_with_what_the_customer_app_needs_to_finish_it()
    {
        var result = await _provider.ChargeAsync(Charge(Guid.NewGuid().ToString("N"), "pm_card_authenticationRequired"), CancellationToken.None);

        Assert.Equal(ChargeStatus.RequiresAction, result.Status);
        Assert.NotNull(result.Action);
        Assert.Equal("use_stripe_sdk", result.Action.Type);
        Assert.Equal(_stripe.ClientSecretOf(result.TransactionId!), result.Action.ClientSecret);
        // Results get printed (logs, assertion messages); the secret must not be.
        Assert.DoesNotContain(result.Action.ClientSecret, result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_charge_that_needs_nothing_from_the_customer_carries_no_action()
        => Assert.Null((await _provider.ChargeAsync(Charge(Guid.NewGuid().ToString("N"), "pm_card_visa"), CancellationToken.None)).Action);

    [Fact]
    public async Task A_charge_whose_answer_is_lost_is_unknown_until_looked_up_by_its_key()
    {
        // Without Stripe.net's retries, which would recover the answer (next test).
        var provider = Provider(maxNetworkRetries: 0);
        var key = Guid.NewGuid().ToString("N");
        var result = await provider.ChargeAsync(Charge(key, "pm_card_slow"), CancellationToken.None);
        Assert.Equal(ChargeStatus.Unknown, result.Status);
        var found = await provider.FindChargeAsync(key, CancellationToken.None);
        Assert.Equal(ChargeStatus.Succeeded, found.Status);
    }

    [Fact]
    public async Task A_lost_answer_is_recovered_by_Stripe_net_retrying_under_the_same_key_without_a_second_charge()
    {
        var key = Guid.NewGuid().ToString("N");
        var result = await _provider.ChargeAsync(Charge(key, "pm_card_slow"), CancellationToken.None);
        Assert.Equal(ChargeStatus.Succeeded, result.Status);
        Assert.Equal(1, _stripe.IntentsCreated);
    }

    [Fact]
    public async Task A_rate_limit_Stripe_says_to_retry_is_retried_by_Stripe_net_and_charged_once()
    {
        _stripe.RateLimitNext(1, shouldRetry: true);
        var result = await _provider.ChargeAsync(Charge(Guid.NewGuid().ToString("N"), "pm_card_visa"), CancellationToken.None);
        Assert.Equal(ChargeStatus.Succeeded, result.Status);
        Assert.Equal(1, _stripe.RateLimitedAnswers);
        Assert.Equal(1, _stripe.IntentsCreated);
    }

    [Fact]
    public async Task A_rate_limit_without_Stripe_Should_Retry_is_not_retried_by_Stripe_net_and_is_unknown_not_declined()
    {
        // Stripe.net retries a 429 only when Stripe's header asks it to; the saga then owns the retry.
        _stripe.RateLimitNext(1, shouldRetry: null);
        var result = await _provider.ChargeAsync(Charge(Guid.NewGuid().ToString("N"), "pm_card_visa"), CancellationToken.None);
        Assert.Equal(ChargeStatus.Unknown, result.Status);
        Assert.Equal(1, _stripe.RateLimitedAnswers);
        Assert.Equal(0, _stripe.IntentsCreated);
    }

    [Fact]
    public async Task A_charge_still_rate_limited_when_the_retries_run_out_is_unknown_and_the_same_key_later_charges_once()
    {
        var retries = new StripeOptions().MaxNetworkRetries;
        var key = Guid.NewGuid().ToString("N");
        _stripe.RateLimitNext(2 * (retries + 1), shouldRetry: true);

        var charged = await _provider.ChargeAsync(Charge(key, "pm_card_visa"), CancellationToken.None);
        var found = await _provider.FindChargeAsync(key, CancellationToken.None);

        Assert.Equal(ChargeStatus.Unknown, charged.Status);
        Assert.Equal("rate_limit", charged.Reason);
        Assert.Equal(ChargeStatus.Unknown, found.Status);
        Assert.Equal(2 * (retries + 1), _stripe.RateLimitedAnswers);
        Assert.Equal(0, _stripe.IntentsCreated);

        // What the saga does next: charge again under the same key once Stripe lets it through.
        Assert.Equal(ChargeStatus.Succeeded, (await _provider.ChargeAsync(Charge(key, "pm_card_visa"), CancellationToken.None)).Status);
        Assert.Equal(1, _stripe.IntentsCreated);
    }

    [Fact]
    public async Task A_rate_limited_refund_is_not_done_yet_and_the_same_key_later_refunds_once()
    {
        var charged = await _provider.ChargeAsync(Charge(Guid.NewGuid().ToString("N"), "pm_card_visa"), CancellationToken.None);
        var refund = new RefundRequest("refund-" + Guid.NewGuid().ToString("N"), charged.TransactionId!, null, "GBP", "test");
        _stripe.StartRateLimiting(shouldRetry: true);

        var limited = await _provider.RefundAsync(refund, CancellationToken.None);

        _stripe.StopRateLimiting();
        Assert.False(limited.Succeeded);
        Assert.Equal("rate_limit", limited.Reason);
        Assert.Empty(_stripe.Refunds);
        Assert.True((await _provider.RefundAsync(refund, CancellationToken.None)).Succeeded);
        Assert.True((await _provider.RefundAsync(refund, CancellationToken.None)).Succeeded);
        Assert.Single(_stripe.Refunds);
    }

    [Fact]
    public async Task A_key_missing_from_search_is_unknown_not_uncharged_because_search_lags()
    {
        // Stripe's search can miss a PaymentIntent made a minute ago: "not found" would fail a booking that was paid.
        var missing = await _provider.FindChargeAsync(Guid.NewGuid().ToString("N"), CancellationToken.None);
        Assert.Equal(ChargeStatus.Unknown, missing.Status);
    }

    [Fact]
    public async Task A_server_error_after_the_charge_is_unknown_and_the_lookup_finds_the_charge()
    {
        var key = Guid.NewGuid().ToString("N");
        var result = await _provider.ChargeAsync(Charge(key, "pm_card_serverError"), CancellationToken.None);
        Assert.Equal(ChargeStatus.Unknown, result.Status);

        // The retry with the same key gets the saved 500 again; the lookup tells the truth.
        Assert.Equal(ChargeStatus.Unknown, (await _provider.ChargeAsync(Charge(key, "pm_card_serverError"), CancellationToken.None)).Status);
        Assert.Equal(ChargeStatus.Succeeded, (await _provider.FindChargeAsync(key, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Refunds_are_made_once_per_key_and_refused_for_unknown_charges()
    {
        var charged = await _provider.ChargeAsync(Charge(Guid.NewGuid().ToString("N"), "pm_card_visa"), CancellationToken.None);
        var refund = new RefundRequest("refund-" + Guid.NewGuid().ToString("N"), charged.TransactionId!, null, "GBP", "test");
        var first = await _provider.RefundAsync(refund, CancellationToken.None);
        var again = await _provider.RefundAsync(refund, CancellationToken.None);
        Assert.True(first.Succeeded);
        Assert.Equal(first.RefundId, again.RefundId);
        Assert.Single(_stripe.Refunds);
        Assert.False((await _provider.RefundAsync(refund with { IdempotencyKey = "other", TransactionId = "pi_missing" }, CancellationToken.None)).Succeeded);
    }

    [Fact]
    public void A_full_refund_at_stripe_is_reported_and_a_partial_one_is_not()
    {
        var now = DateTimeOffset.UtcNow;
        var (full, fullSignature) = FakeStripeServer.SignedChargeRefunded("pi_full", "booking-full", 5000, 5000, WebhookSecret, now);
        var refunded = _provider.ParseWebhook(full, new Dictionary<string, string> { ["Stripe-Signature"] = fullSignature }).Event!;
        Assert.Equal(PaymentWebhookKind.ChargeRefunded, refunded.Kind);
        Assert.Equal("pi_full", refunded.TransactionId);
        Assert.Equal("booking-full", refunded.IdempotencyKey);

        var (partial, partialSignature) = FakeStripeServer.SignedChargeRefunded("pi_part", "booking-part", 5000, 1000, WebhookSecret, now);
        Assert.Equal(PaymentWebhookKind.Ignored, _provider.ParseWebhook(partial, new Dictionary<string, string> { ["Stripe-Signature"] = partialSignature }).Event!.Kind);
    }

    [Fact]
    public void A_signed_webhook_is_parsed_and_bad_stale_or_unsigned_ones_are_rejected()
    {
        var now = DateTimeOffset.UtcNow;
        var (payload, signature) = FakeStripeServer.SignedEvent("payment_intent.succeeded", "pi_1", "booking-1", WebhookSecret, now);
        var parsed = _provider.ParseWebhook(payload, new Dictionary<string, string> { ["Stripe-Signature"] = signature });
        Assert.Equal(PaymentWebhookKind.ChargeSucceeded, parsed.Event!.Kind);
        Assert.Equal("booking-1", parsed.Event.IdempotencyKey);
        Assert.Equal("pi_1", parsed.Event.TransactionId);

        var (failedPayload, failedSignature) = FakeStripeServer.SignedEvent("payment_intent.payment_failed", "pi_2", "booking-2", WebhookSecret, now);
        Assert.Equal(PaymentWebhookKind.ChargeFailed, _provider.ParseWebhook(failedPayload, new Dictionary<string, string> { ["Stripe-Signature"] = failedSignature }).Event!.Kind);

        var (otherPayload, otherSignature) = FakeStripeServer.SignedEvent("customer.created", "pi_3", "booking-3", WebhookSecret, now);
        Assert.Equal(PaymentWebhookKind.Ignored, _provider.ParseWebhook(otherPayload, new Dictionary<string, string> { ["Stripe-Signature"] = otherSignature }).Event!.Kind);

        var (_, wrongSignature) = FakeStripeServer.SignedEvent("payment_intent.succeeded", "pi_1", "booking-1", "whsec_other", now);
        Assert.NotNull(_provider.ParseWebhook(payload, new Dictionary<string, string> { ["Stripe-Signature"] = wrongSignature }).Error);

        var (stalePayload, staleSignature) = FakeStripeServer.SignedEvent("payment_intent.succeeded", "pi_1", "booking-1", WebhookSecret, now.AddMinutes(-10));
        Assert.NotNull(_provider.ParseWebhook(stalePayload, new Dictionary<string, string> { ["Stripe-Signature"] = staleSignature }).Error);

        Assert.NotNull(_provider.ParseWebhook(payload, new Dictionary<string, string>()).Error);
    }

    [Fact]
    public void Stripe_enabled_without_keys_refuses_to_start()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Payments:Stripe:Enabled"] = "true" }).Build();
        var services = new ServiceCollection().AddSingleton<IGrainFactory>(_ => null!).AddSingleton(TimeProvider.System).AddPayments(configuration).BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StripeOptions>>().Value);
        Assert.Contains("Payments:Stripe:SecretKey", ex.Message);
    }
}
