namespace Ticketing.Bookings;

/// <summary>
/// One booking reference (key: the reference, <see cref="BookingReference.Normalize"/>d). Claimed atomically by at
/// most one booking, so two bookings never share a reference; a lookup by reference goes through it.
/// </summary>
[Alias("ticketing.IBookingReferenceGrain")]
public interface IBookingReferenceGrain : IGrainWithStringKey
{
    /// <summary>True if the reference is now (or already was) this booking's; false if another booking holds it.</summary>
    Task<bool> TryClaimAsync(string bookingId);

    [ReadOnly]
    Task<string?> GetBookingIdAsync();
}
