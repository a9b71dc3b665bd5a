namespace Ticketing.Bookings;

/// <summary>Where the saga stands; stored before each next step so a resumed saga knows what to do.</summary>
public enum BookingPhase
{
    None,

    /// <summary>Command recorded; next: pin the reservation.</summary>
    Pinning,

    /// <summary>Pinned; next: charge (safe to repeat: the booking id is the provider's idempotency key).</summary>
    Charging,

    /// <summary>The provider awaits the customer (3-D Secure); the webhook or a poll settles it.</summary>
    AwaitingPayment,

    /// <summary>Money taken; next: sell the seats and confirm (or, for a late payment, the event's policy).</summary>
    Charged,

    /// <summary>Unwinding: refund if charged, release the hold and/or return sold seats, then the final status.</summary>
    Refunding,

    /// <summary>Finished.</summary>
    Done,
}
