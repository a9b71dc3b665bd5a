namespace Ticketing.Bookings;

[GenerateSerializer, Alias("ticketing.BookingStatus")]
public enum BookingStatus
{
    /// <summary>The saga is running, or an asynchronous payment awaits the provider's webhook.</summary>
    PendingPayment,

    /// <summary>Charged once, seats sold to this booking.</summary>
    Confirmed,

    /// <summary>Not charged (declined, provider error, reservation not confirmable).</summary>
    Failed,

    /// <summary>Charged, then refunded because the booking could not be completed.</summary>
    Refunded,

    /// <summary>Confirmed, then cancelled (by the customer, the organizer or the event's cancellation) and refunded.</summary>
    Cancelled,
}
