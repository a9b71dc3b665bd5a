using Ticketing.Common;
using Ticketing.Bookings;

namespace Ticketing.Payments.Webhooks;

public sealed class BookingPaymentOutcomeDispatcher(IGrainFactory grains) : IPaymentOutcomeDispatcher
{
    public Task DispatchAsync(string idempotencyKey, PaymentOutcome outcome)
        => grains.For<IBookingPaymentSink>(idempotencyKey).ApplyPaymentOutcomeAsync(outcome);
}
