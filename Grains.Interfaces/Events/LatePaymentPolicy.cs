namespace Ticketing.Events;

/// <summary>What happens when an asynchronous payment settles after its hold was released (SPEC section 6).</summary>
[GenerateSerializer, Alias("ticketing.LatePaymentPolicy")]
public enum LatePaymentPolicy
{
    /// <summary>Refund the late payment; the booking fails.</summary>
    Refund,

    /// <summary>Sell the same seats if they are still free, else refund.</summary>
    AcceptIfAvailable,
}
