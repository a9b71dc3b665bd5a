namespace Ticketing.Payments.Webhooks;

/// <summary>Hands a verified payment outcome to whoever owns the charge (the booking).</summary>
public interface IPaymentOutcomeDispatcher
{
    Task DispatchAsync(string idempotencyKey, PaymentOutcome outcome);
}
