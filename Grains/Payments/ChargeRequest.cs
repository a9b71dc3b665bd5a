namespace Ticketing.Payments;

/// <param name="IdempotencyKey">The booking attempt's id: never the reservation id, so a retry after a decline is a new charge.</param>
/// <param name="Amount">Minor units of <paramref name="Currency"/> (ISO 4217).</param>
public sealed record ChargeRequest(string IdempotencyKey, long Amount, string Currency, string CustomerId, string PaymentToken, string Description);
