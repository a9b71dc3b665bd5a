namespace Ticketing.Payments;

/// <summary>
/// A payment service provider (SPEC section 8). Providers are registered in DI by name
/// (<c>services.AddPaymentProvider&lt;T&gt;("name")</c>) and chosen per request by <c>paymentMethod</c>.
/// Expected outcomes are values; exceptions only for bugs.
/// </summary>
public interface IPaymentProvider
{
    /// <summary>The registration name clients pass as <c>paymentMethod</c> (e.g. <c>mock</c>, <c>stripe</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Charges once per <see cref="ChargeRequest.IdempotencyKey"/> (the booking id): a repeat with the same key
    /// returns the first outcome and never charges again.
    /// </summary>
    Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken);

    /// <summary>What became of the charge made with this idempotency key, or <see cref="ChargeStatus.NotFound"/> if none was made.
    /// Used after a timeout, before the saga decides anything.</summary>
    Task<ChargeResult> FindChargeAsync(string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Refunds all (<c>Amount</c> null) or part of a charge; idempotent per <see cref="RefundRequest.IdempotencyKey"/>.</summary>
    Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken);

    /// <summary>Verifies the signature and parses a webhook; unsigned, badly signed or stale payloads are rejected.</summary>
    WebhookParseResult ParseWebhook(string payload, IReadOnlyDictionary<string, string> headers);
}
