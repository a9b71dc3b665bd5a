using System.Collections.Immutable;
using Ticketing.Common;

namespace Ticketing.Bookings;

public sealed class EventBookingShardGrain(
    [PersistentState("event-booking-shard", StorageNames.Tickets)] IPersistentState<EventBookingShardState> state)
    : Grain, IEventBookingShardGrain
{
    public async Task<bool> AddAsync(string bookingId)
    {
        if (!state.State.BookingIds.Contains(bookingId))
        {
            state.State.BookingIds.Add(bookingId);
            await state.WriteOrRevertAsync(this);
        }

        return state.State.Refunding;
    }

    public async Task<ImmutableArray<string>> MarkRefundingAsync()
    {
        if (!state.State.Refunding)
        {
            state.State.Refunding = true;
            await state.WriteOrRevertAsync(this);
        }

        return [.. state.State.BookingIds];
    }

    public Task<ImmutableArray<string>> GetBookingIdsAsync() => Task.FromResult(state.State.BookingIds.ToImmutableArray());
}
