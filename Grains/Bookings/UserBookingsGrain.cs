using System.Collections.Immutable;
using Ticketing.Common;

namespace Ticketing.Bookings;

/// <summary>A user's bookings, kept in creation order and read newest first.</summary>
public sealed class UserBookingsGrain(
    [PersistentState("user-bookings", StorageNames.Tickets)] IPersistentState<UserBookingsState> state)
    : Grain, IUserBookingsGrain
{
    public async Task AddAsync(string bookingId, DateTimeOffset createdAt)
    {
        var list = state.State.Bookings;
        if (list.Exists(b => b.BookingId == bookingId))
        {
            return;
        }

        // Keep the list sorted by creation time even if a resumed saga adds an older booking late.
        var index = list.FindLastIndex(b => b.CreatedAt <= createdAt) + 1;
        list.Insert(index, new UserBookingEntry { BookingId = bookingId, CreatedAt = createdAt });
        await state.WriteOrRevertAsync(this);
    }

    public Task<UserBookingsPage> GetPageAsync(int skip, int take)
    {
        var list = state.State.Bookings;
        var ids = Enumerable.Range(0, list.Count).Reverse().Skip(Math.Max(0, skip)).Take(Math.Max(0, take))
            .Select(i => list[i].BookingId).ToImmutableArray();
        return Task.FromResult(new UserBookingsPage(ids, list.Count));
    }
}
