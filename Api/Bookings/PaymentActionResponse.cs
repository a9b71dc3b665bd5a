using Ticketing.Payments;

namespace Ticketing.Api.Bookings;

/// <summary>
/// <c>paymentAction</c> of a PendingPayment booking awaiting the customer: the box office hands
/// <see cref="ClientSecret"/> to the provider's SDK (Stripe.js <c>handleNextAction</c>) to finish 3-D Secure; the
/// provider's webhook then confirms the booking.
/// </summary>
public sealed record PaymentActionResponse(string Type, string ClientSecret)
{
    public static PaymentActionResponse? From(PaymentAction? action) => action is null ? null : new(action.Type, action.ClientSecret);

    /// <summary>Without the secret, for the same reason as <see cref="PaymentAction"/>'s.</summary>
    public override string ToString() => $"PaymentActionResponse {{ Type = {Type}, ClientSecret = *** }}";
}
