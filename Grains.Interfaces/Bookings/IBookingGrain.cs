namespace Ticketing.Bookings;

/// <summary>
/// One booking attempt (key: the id <see cref="ConfirmationKey"/> derives from the request's Idempotency-Key), running the saga of SPEC section 6: pin the
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

    /// <summary>
    /// Whether the confirmation request named <paramref name="requestToken"/> (<see cref="ConfirmBooking.RequestToken"/>)
    /// is the one running: a request that has waited long asks, and waits on if it runs (a slow saga) or gives up if
    /// it is still queued (behind another request with its key; past its <see cref="ConfirmBooking.StartBy"/> it will
    /// run nothing). Interleaves with the running saga.
    /// </summary>
    [AlwaysInterleave]
    Task<bool> IsRunningAsync(string requestToken);

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
