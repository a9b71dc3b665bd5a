using Ticketing.Common;

namespace Ticketing.Reservations;

public sealed class UserReservationsGrain(
    [PersistentState("user-reservations", StorageNames.Tickets)] IPersistentState<UserReservationsState> state,
    TimeProvider time) : Grain, IUserReservationsGrain
{
    private List<UserReservationEntry> Entries => state.State.Entries;

    public async Task<bool> TryAdmitAsync(string reservationId, string eventId, DateTimeOffset expiresAt, int cap)
    {
        if (Entries.Any(e => e.ReservationId == reservationId))
        {
            return true;
        }

        var now = time.GetUtcNow();
        if (Entries.Count(e => !e.Ended && e.EventId == eventId && e.ExpiresAt > now) >= cap)
        {
            return false;
        }

        Entries.Insert(0, new UserReservationEntry { ReservationId = reservationId, EventId = eventId, ExpiresAt = expiresAt });
        await state.WriteStateAsync();
        return true;
    }

    public async Task UpdateExpiryAsync(string reservationId, DateTimeOffset expiresAt)
    {
        if (Entries.Find(e => e.ReservationId == reservationId) is { } entry && entry.ExpiresAt != expiresAt)
        {
            entry.ExpiresAt = expiresAt;
            await state.WriteStateAsync();
        }
    }

    public async Task MarkEndedAsync(string reservationId)
    {
        if (Entries.Find(e => e.ReservationId == reservationId) is { Ended: false } entry)
        {
            entry.Ended = true;
            await state.WriteStateAsync();
        }
    }

    public async Task ForgetAsync(string reservationId)
    {
        if (Entries.RemoveAll(e => e.ReservationId == reservationId) > 0)
        {
            await state.WriteStateAsync();
        }
    }

    public Task<ReservationIdPage> GetPageAsync(int skip, int take)
        => Task.FromResult(new ReservationIdPage([.. Entries.Skip(skip).Take(take).Select(e => e.ReservationId)], Entries.Count));
}
