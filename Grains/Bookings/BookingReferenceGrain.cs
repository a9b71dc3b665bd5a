using Orleans.Storage;
using Ticketing.Common;

namespace Ticketing.Bookings;

/// <summary>
/// One reference, claimed by at most one booking (first claim wins, repeats by the same booking succeed).
/// References are drawn at random, so nearly every claim is the first: it is stored as an insert without reading
/// first (storage refuses a write without an ETag when a record exists), and only a refused insert reads who holds
/// the reference. That saves every confirmed booking one database read.
/// </summary>
public sealed class BookingReferenceGrain : Grain, IBookingReferenceGrain
{
    private LazyGrainState<BookingReferenceState>? _state;

    private LazyGrainState<BookingReferenceState> Stored => _state ??= new(GrainContext, "booking-reference", StorageNames.Tickets);

    public async Task<bool> TryClaimAsync(string bookingId)
    {
        ArgumentException.ThrowIfNullOrEmpty(bookingId);
        if (!Stored.IsLoaded)
        {
            Stored.StartEmpty();
            Stored.State.BookingId = bookingId;
            try
            {
                await Stored.WriteStateAsync();

                // Claimed for good and stored: one activation per booking of the sale is not worth keeping until
                // Orleans' 15-minute idle collection; a look-up by reference reads it back.
                DeactivateOnIdle();
                return true;
            }
            catch (InconsistentStateException)
            {
                // Taken already (by this booking, if this is a repeat): read whose it is.
                Stored.Forget();
            }
            catch
            {
                // Unknown whether it was stored: the next call reads.
                Stored.Forget();
                throw;
            }
        }

        await Stored.LoadAsync();
        if (Stored.State.BookingId is { } owner)
        {
            return string.Equals(owner, bookingId, StringComparison.Ordinal);
        }

        Stored.State.BookingId = bookingId;
        try
        {
            await Stored.WriteStateAsync();
        }
        catch
        {
            Stored.Forget();
            throw;
        }

        return true;
    }

    public async Task<string?> GetBookingIdAsync()
    {
        await Stored.LoadAsync();
        return Stored.State.BookingId;
    }
}
