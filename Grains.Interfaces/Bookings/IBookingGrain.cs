namespace Ticketing.Bookings;

/// <summary>
/// One booking attempt (key: a fresh booking id per confirm attempt), running the saga of SPEC section 6: pin the
/// reservation, charge (idempotency key = booking id), sell, confirm. Each step's outcome is stored before the next
/// starts and a reminder resumes an unfinished saga, so a charge always ends in a Confirmed booking or a refund.
/// Methods that take a user refuse other users with <c>booking_not_found</c>.
/// </summary>
[Alias("ticketing.IBookingGrain")]
public interface IBookingGrain : IGrainWithStringKey
{
    /// <summary>
    /// Runs (or, for the same command, resumes or replays) the saga. Confirmed or PendingPayment succeed; declines,
    /// provider errors and reservations that cannot be confirmed are refusals carrying the Failed booking.
    /// </summary>
    Task<BookingResult> ConfirmAsync(ConfirmBooking command);

    /// <summary>Drives an unfinished saga (after a crash) to its outcome; a finished one just answers.</summary>
    Task<BookingResult> ResumeAsync();

    [ReadOnly]
    Task<BookingSnapshot?> GetAsync();

    /// <summary>
    /// Cancels a Confirmed booking: refund, seats back on sale, status Cancelled. The owner may until the
    /// cancellation cut-off before the event; the event's organizer and admins always may.
    /// </summary>
    Task<BookingResult> CancelAsync(BookingActor actor);

    /// <summary>The event was cancelled: refund a Confirmed booking (status Cancelled). Idempotent; a no-op otherwise.</summary>
    Task<BookingResult> RefundForEventCancellationAsync();

    /// <summary>Checks a ticket code's signature and that it belongs to this booking while it is Confirmed.</summary>
    [ReadOnly]
    Task<TicketVerification> VerifyTicketAsync(string code);
}
