using Ticketing.Common;

namespace Ticketing.Reservations;

/// <summary>
/// One user's reservations, newest first (see <see cref="IUserReservationsGrain"/>). Keeps the latest
/// <see cref="MaxKept"/>: the whole list is rewritten on every change and scanned on every hold, so an unbounded
/// history would make each hold of a regular buyer slower and its write bigger. Holds still live are never dropped
/// (they count towards the cap); bookings, the lasting record, have their own index.
/// </summary>
public sealed class UserReservationsGrain(
    [PersistentState("user-reservations", StorageNames.Tickets)] IPersistentState<UserReservationsState> state,
    TimeProvider time) : Grain, IUserReservationsGrain
{
    /// <summary>Holds being made: counted towards the cap, not stored (see <see cref="IUserReservationsGrain.TryAdmitAsync"/>).</summary>
    private readonly Dictionary<string, UserReservationEntry> _admitted = [];

    public const int MaxKept = 200;

    private List<UserReservationEntry> Entries => state.State.Entries;

    public Task<bool> TryAdmitAsync(string reservationId, string eventId, DateTimeOffset expiresAt, int cap)
    {
        if (_admitted.ContainsKey(reservationId) || Entries.Any(e => e.ReservationId == reservationId))
        {
            return Task.FromResult(true);
        }

        var now = time.GetUtcNow();
        var live = Entries.Count(e => !e.Ended && e.EventId == eventId && e.ExpiresAt > now)
            + _admitted.Values.Count(e => e.EventId == eventId && e.ExpiresAt > now);
        if (live >= cap)
        {
            return Task.FromResult(false);
        }

        _admitted[reservationId] = new UserReservationEntry { ReservationId = reservationId, EventId = eventId, ExpiresAt = expiresAt };
        return Task.FromResult(true);
    }

    public async Task RecordAsync(string reservationId, string eventId, DateTimeOffset expiresAt)
    {
        _admitted.Remove(reservationId);
        if (Entries.Find(e => e.ReservationId == reservationId) is { } recorded)
        {
            if (recorded.ExpiresAt == expiresAt)
            {
                return;
            }

            recorded.ExpiresAt = expiresAt;
        }
        else
        {
            Entries.Insert(0, new UserReservationEntry { ReservationId = reservationId, EventId = eventId, ExpiresAt = expiresAt });
            DropOldest(time.GetUtcNow());
        }

        await state.WriteOrRevertAsync(this);
    }

    private void DropOldest(DateTimeOffset now)
    {
        for (var i = Entries.Count - 1; i >= 0 && Entries.Count > MaxKept; i--)
        {
            if (Entries[i].Ended || Entries[i].ExpiresAt <= now)
            {
                Entries.RemoveAt(i);
            }
        }
    }

    public async Task UpdateExpiryAsync(string reservationId, DateTimeOffset expiresAt)
    {
        if (Entries.Find(e => e.ReservationId == reservationId) is { } entry && entry.ExpiresAt != expiresAt)
        {
            entry.ExpiresAt = expiresAt;
            await state.WriteOrRevertAsync(this);
        }
    }

    public async Task MarkEndedAsync(string reservationId)
    {
        if (Entries.Find(e => e.ReservationId == reservationId) is { Ended: false } entry)
        {
            entry.Ended = true;
            await state.WriteOrRevertAsync(this);
        }
    }

    public async Task ForgetAsync(string reservationId)
    {
        _admitted.Remove(reservationId);
        if (Entries.RemoveAll(e => e.ReservationId == reservationId) > 0)
        {
            await state.WriteOrRevertAsync(this);
        }
    }

    public Task<ReservationIdPage> GetPageAsync(int skip, int take)
        => Task.FromResult(new ReservationIdPage([.. Entries.Skip(skip).Take(take).Select(e => e.ReservationId)], Entries.Count));
}
