namespace Ticketing.Bookings;

[GenerateSerializer, Alias("ticketing.BookingPaymentStatus")]
public enum BookingPaymentStatus
{
    /// <summary>No charge attempted yet.</summary>
    NotStarted,

    /// <summary>Charge sent, outcome not known yet (in flight, timed out, or awaiting customer action).</summary>
    Pending,

    Succeeded,

    Declined,

    Failed,

    Refunded,
}
