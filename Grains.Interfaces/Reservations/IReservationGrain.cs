namespace Ticketing.Reservations;

/// <summary>
/// One hold (key: reservation id). Acquires its seats from the rows in sorted order, all or nothing
/// (SPEC section 5), and steps through the booking saga's pin / sell / abort on the booking grain's behalf.
/// Methods that take a user id refuse other users with <c>reservation_not_found</c> (no existence leak).
/// </summary>
[Alias("ticketing.IReservationGrain")]
public interface IReservationGrain : IGrainWithStringKey
{
    /// <summary>Creates the hold. Repeating the same command on the same id returns the same reservation.</summary>
    Task<ReservationResult> CreateAsync(CreateReservation command);

    /// <summary>
    /// Stores a new hold whose seats <see cref="IHoldAttemptsGrain"/> took under this id. The same request again
    /// returns the stored hold; another request under a stored id is refused (<c>idempotency_key_reused</c>).
    /// </summary>
    Task<ReservationResult> RecordAsync(HeldSeats held);

    [ReadOnly]
    Task<ReservationSnapshot?> GetAsync();

    /// <summary>Expiry = now + seconds, capped by the hold's total life; an expired hold cannot be extended.</summary>
    Task<ReservationResult> ExtendAsync(string userId, int seconds);

    /// <summary>Releases the seats; idempotent (cancelling a cancelled or expired hold succeeds).</summary>
    Task<ReservationResult> CancelAsync(string userId);

    /// <summary>
    /// Saga step 1-2: checks owner, Active and not expired, then pins the hold for the booking (status
    /// Confirming, seats kept past their original expiry for a bounded payment window). Repeating it for the
    /// same booking is harmless; a different booking while Confirming is refused.
    /// </summary>
    Task<ReservationResult> BeginConfirmationAsync(string userId, string bookingId);

    /// <summary>Saga step 4-5: sells the seats to the booking and marks the hold Confirmed. Idempotent.</summary>
    Task<ReservationResult> CompleteConfirmationAsync(string bookingId);

    /// <summary>
    /// The booking did not go through (declined, failed, refunded). With <paramref name="releaseSeats"/> false the
    /// hold returns to Active until its original expiry (the customer may retry); with true its seats are released.
    /// </summary>
    Task<ReservationResult> AbortConfirmationAsync(string bookingId, bool releaseSeats);

    /// <summary>Expiry tick (reminder/timer): releases the seats and marks the hold Expired if its time has passed.</summary>
    Task ExpireIfDueAsync();
}
