using Microsoft.Extensions.Options;
using Stripe;

namespace Ticketing.Payments.Stripe;

/// <summary>
/// Stripe through Stripe.net: PaymentIntents created and confirmed in one call with the booking attempt's id as
/// the idempotency key (and in the metadata, so a lost answer can be found again), Refunds with their own keys,
/// webhooks verified with the endpoint secret.
/// </summary>
public sealed class StripePaymentProvider : IPaymentProvider
{
    public const string ProviderName = "stripe";
    private const string BookingIdMetadata = "booking_id";

    private readonly StripeOptions _options;
    private readonly PaymentIntentService _intents;
    private readonly RefundService _refunds;

    public StripePaymentProvider(IOptions<StripeOptions> options)
    {
        _options = options.Value;
        var http = new SystemNetHttpClient(new HttpClient { Timeout = TimeSpan.FromSeconds(_options.RequestTimeoutSeconds) }, maxNetworkRetries: _options.MaxNetworkRetries);
        var client = new StripeClient(_options.SecretKey, httpClient: http, apiBase: string.IsNullOrEmpty(_options.ApiBase) ? null : _options.ApiBase);
        _intents = new PaymentIntentService(client);
        _refunds = new RefundService(client);
    }

    public string Name => ProviderName;

    public async Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var intent = await _intents.CreateAsync(new PaymentIntentCreateOptions
            {
                Amount = request.Amount,
                Currency = request.Currency.ToLowerInvariant(),
                PaymentMethod = request.PaymentToken,
                Confirm = true,
                Description = request.Description,
                Metadata = new Dictionary<string, string> { [BookingIdMetadata] = request.IdempotencyKey, ["customer_id"] = request.CustomerId },
                AutomaticPaymentMethods = new PaymentIntentAutomaticPaymentMethodsOptions { Enabled = true, AllowRedirects = "never" },
            }, new RequestOptions { IdempotencyKey = request.IdempotencyKey }, cancellationToken);
            return Map(intent);
        }
        catch (StripeException ex) when (ex.StripeError?.Type == "card_error")
        {
            return ChargeResult.Declined(ex.StripeError.DeclineCode ?? ex.StripeError.Code ?? "card_declined", ex.StripeError.PaymentIntent?.Id);
        }
        catch (StripeException ex) when (ex.InnerException is TaskCanceledException or HttpRequestException || ex.HttpStatusCode == 0)
        {
            return ChargeResult.Unknown(ex.Message);
        }
        catch (StripeException ex) when ((int)ex.HttpStatusCode >= 500 || ex.HttpStatusCode is System.Net.HttpStatusCode.Conflict or System.Net.HttpStatusCode.TooManyRequests)
        {
            // Stripe: a 5xx leaves the outcome indeterminate (the intent may exist), a 409 means a request with this key
            // is still running. A 429 (rate_limit, lock_timeout) that outlasted Stripe.net's retries made nothing itself,
            // but an earlier attempt under this key whose answer was lost may have. None says "not charged" (and none is
            // a decline): the saga looks it up, and charges again with the same key, which Stripe replays or makes.
            return ChargeResult.Unknown(ex.StripeError?.Code ?? ex.StripeError?.Message ?? ex.Message);
        }
        catch (StripeException ex)
        {
            return ChargeResult.Failed(ex.StripeError?.Code ?? ex.Message);
        }
        catch (Exception ex) when (ex is TaskCanceledException or HttpRequestException)
        {
            // No answer: the intent may or may not exist. The saga asks FindChargeAsync before deciding.
            return ChargeResult.Unknown(ex.Message);
        }
    }

    public async Task<ChargeResult> FindChargeAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        try
        {
            var found = await _intents.SearchAsync(new PaymentIntentSearchOptions { Query = $"metadata['{BookingIdMetadata}']:'{idempotencyKey}'" }, cancellationToken: cancellationToken);

            // Stripe's search can lag writes by a minute or more, so a miss is not proof that nothing was charged:
            // answering NotFound would fail a booking whose money was taken. Unknown keeps the saga in its charging step,
            // and its next attempt charges with the same idempotency key, which Stripe answers with the first result
            // (or makes the charge, if the first request never arrived).
            return found.Data.FirstOrDefault() is { } intent
                ? Map(intent)
                : ChargeResult.Unknown("no PaymentIntent for this key in Stripe's search yet");
        }
        catch (StripeException ex)
        {
            return ChargeResult.Unknown(ex.Message);
        }
        catch (Exception ex) when (ex is TaskCanceledException or HttpRequestException)
        {
            return ChargeResult.Unknown(ex.Message);
        }
    }

    public async Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var refund = await _refunds.CreateAsync(new RefundCreateOptions
            {
                PaymentIntent = request.TransactionId,
                Amount = request.Amount,
                Reason = "requested_by_customer",
                Metadata = new Dictionary<string, string> { ["reason"] = request.Reason },
            }, new RequestOptions { IdempotencyKey = request.IdempotencyKey }, cancellationToken);
            return refund.Status is "succeeded" or "pending" ? new RefundResult(true, refund.Id) : new RefundResult(false, refund.Id, refund.FailureReason ?? refund.Status);
        }
        catch (StripeException ex)
        {
            return new RefundResult(false, null, ex.StripeError?.Code ?? ex.Message);
        }
        catch (Exception ex) when (ex is TaskCanceledException or HttpRequestException)
        {
            return new RefundResult(false, null, ex.Message);
        }
    }

    public WebhookParseResult ParseWebhook(string payload, IReadOnlyDictionary<string, string> headers)
    {
        if (!headers.TryGetValue("Stripe-Signature", out var signature) || string.IsNullOrEmpty(signature))
        {
            return WebhookParseResult.Rejected("missing Stripe-Signature");
        }

        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(payload, signature, _options.WebhookSecret, _options.WebhookToleranceSeconds, throwOnApiVersionMismatch: false);
        }
        catch (StripeException ex)
        {
            return WebhookParseResult.Rejected(ex.Message);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or Newtonsoft.Json.JsonException or ArgumentException)
        {
            return WebhookParseResult.Rejected("the payload is not a Stripe event");
        }

        var (kind, transactionId, key, reason) = stripeEvent.Data.Object switch
        {
            PaymentIntent pi when stripeEvent.Type == "payment_intent.succeeded" => (PaymentWebhookKind.ChargeSucceeded, pi.Id, BookingId(pi.Metadata), (string?)null),
            PaymentIntent pi when stripeEvent.Type == "payment_intent.payment_failed" => (PaymentWebhookKind.ChargeFailed, pi.Id, BookingId(pi.Metadata), pi.LastPaymentError?.DeclineCode ?? pi.LastPaymentError?.Code),
            // Only a full refund ends the booking; a partial one (a goodwill refund in Stripe's dashboard) leaves it
            // Confirmed, its seats sold: the customer still paid for them.
            Charge charge when stripeEvent.Type == "charge.refunded" && charge.Refunded => (PaymentWebhookKind.ChargeRefunded, charge.PaymentIntentId, BookingId(charge.Metadata), null),
            _ => (PaymentWebhookKind.Ignored, null, null, null),
        };
        return WebhookParseResult.Accepted(new PaymentWebhookEvent(Name, stripeEvent.Id, kind, transactionId, key, reason));
    }

    /// <summary>
    /// The box office finishes 3-D Secure in Stripe.js with the intent's client secret; without it the payment can only
    /// time out. Stripe.js takes any next_action type given the secret, so a missing type is its SDK flow.
    /// </summary>
    private static PaymentAction? CustomerAction(PaymentIntent intent)
        => string.IsNullOrEmpty(intent.ClientSecret) ? null : new PaymentAction(intent.NextAction?.Type ?? "use_stripe_sdk", intent.ClientSecret);

    private static string? BookingId(Dictionary<string, string>? metadata) => metadata?.GetValueOrDefault(BookingIdMetadata);

    private static ChargeResult Map(PaymentIntent intent) => intent.Status switch
    {
        "succeeded" => ChargeResult.Succeeded(intent.Id),
        "requires_action" => ChargeResult.RequiresAction(intent.Id, CustomerAction(intent)),
        "processing" => ChargeResult.Processing(intent.Id),
        "requires_payment_method" or "canceled" => ChargeResult.Declined(intent.LastPaymentError?.DeclineCode ?? intent.LastPaymentError?.Code ?? intent.Status, intent.Id),
        _ => ChargeResult.RequiresAction(intent.Id),
    };
}
