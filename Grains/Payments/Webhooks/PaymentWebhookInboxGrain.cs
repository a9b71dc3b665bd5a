using Ticketing.Common;

namespace Ticketing.Payments.Webhooks;

/// <summary>
/// Processes one provider event at most once: the outcome is handed on first and the event marked afterwards,
/// so a crash in between means a redelivery (which the booking absorbs), never a lost payment.
/// </summary>
public sealed class PaymentWebhookInboxGrain(
    [PersistentState("webhook-inbox", StorageNames.Tickets)] IPersistentState<PaymentWebhookInboxState> state,
    IPaymentOutcomeDispatcher dispatcher,
    TimeProvider time) : Grain, IPaymentWebhookInboxGrain
{
    public async Task<WebhookResult> DeliverAsync(string idempotencyKey, PaymentOutcome outcome)
    {
        if (state.State.ProcessedAt is not null)
        {
            return new WebhookResult(WebhookHandling.Duplicate);
        }

        await dispatcher.DispatchAsync(idempotencyKey, outcome);
        state.State.ProcessedAt = time.GetUtcNow();
        await state.WriteOrRevertAsync(this);
        return new WebhookResult(WebhookHandling.Processed);
    }
}
