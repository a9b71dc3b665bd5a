using Ticketing.Payments;

namespace Ticketing.Bookings;

/// <summary>
/// Where a verified payment webhook's outcome goes (key: the booking id = the charge's idempotency key).
/// Implemented by the booking grain; repeated deliveries must be harmless.
/// </summary>
[Alias("ticketing.IBookingPaymentSink")]
public interface IBookingPaymentSink : IGrainWithStringKey
{
    Task ApplyPaymentOutcomeAsync(PaymentOutcome outcome);
}
