using Ticketing.Common;

namespace Ticketing.Bookings;

/// <summary>One reference, claimed by at most one booking (first claim wins, repeats by the same booking succeed).</summary>
public sealed class BookingReferenceGrain(
    [PersistentState("booking-reference", StorageNames.Tickets)] IPersistentState<BookingReferenceState> state)
    : Grain, IBookingReferenceGrain
{
    public async Task<bool> TryClaimAsync(string bookingId)
    {
        ArgumentException.ThrowIfNullOrEmpty(bookingId);
        if (state.State.BookingId is { } owner)
        {
            return string.Equals(owner, bookingId, StringComparison.Ordinal);
        }

        state.State.BookingId = bookingId;
        await state.WriteOrRevertAsync(this);
        return true;
    }

    public Task<string?> GetBookingIdAsync() => Task.FromResult(state.State.BookingId);
}
