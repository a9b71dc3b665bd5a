namespace Ticketing.Payments;

/// <summary>
/// What the customer's app needs to finish a payment the provider holds for them (3-D Secure and the like): the
/// provider's kind of next step (Stripe's <c>next_action.type</c>, e.g. <c>use_stripe_sdk</c>) and the client secret
/// its SDK takes (Stripe.js <c>handleNextAction</c>). The secret lets whoever holds it complete this one payment, so it
/// is shown only to those who may read the booking (its owner, admins) while the payment waits, and never logged.
/// </summary>
[GenerateSerializer, Immutable, Alias("ticketing.PaymentAction")]
public sealed record PaymentAction([property: Id(0)] string Type, [property: Id(1)] string ClientSecret)
{
    /// <summary>Without the secret: records print every member, and results end up in log lines and test failures.</summary>
    public override string ToString() => $"PaymentAction {{ Type = {Type}, ClientSecret = *** }}";
}
