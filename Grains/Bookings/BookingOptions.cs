namespace Ticketing.Bookings;

/// <summary>Settings under <c>Ticketing:Bookings</c>.</summary>
public sealed class BookingOptions
{
    public const string SectionName = "Ticketing:Bookings";

    /// <summary>Customers may cancel until this many hours before the event starts (organizers and admins always may).</summary>
    public int CustomerCancellationCutoffHours { get; set; } = 48;

    /// <summary>How long one provider call may take before the saga treats its outcome as unknown and asks the provider.</summary>
    public int PaymentCallTimeoutSeconds { get; set; } = 15;

    /// <summary>
    /// When the saga's backstop reminder first fires after a step starts (then every minute, the reminder minimum).
    /// A saga that finishes normally unregisters it before then; one that crashed is resumed by it. A cancelled
    /// event's refund run uses the same delay for its own backstop.
    /// </summary>
    public int ResumeAfterSeconds { get; set; } = 60;
}
