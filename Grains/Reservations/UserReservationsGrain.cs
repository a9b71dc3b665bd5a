using System.Collections.Immutable;
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

    /// <summary>Holds marked ended since the last write (<see cref="IUserReservationsGrain.MarkEndedAsync"/>).</summary>
    private bool _unsaved;

    private ImmutableArray<UserReservationEntry> Entries
    {
        get => state.State.Entries;
        set => state.State.Entries = value;
    }

    public Task<bool> TryAdmitAsync(string reservationId, string eventId, DateTimeOffset expiresAt, int cap)
    {
        if (_admitted.ContainsKey(reservationId))
        {
            return Task.FromResult(true);
        }

        // One pass over the index: is this hold already listed, and how many of the buyer's holds on the event live.
        var now = time.GetUtcNow();
        var live = 0;
        foreach (var e in Entries)
        {
            if (e.ReservationId == reservationId && !e.Ended)
            {
                return Task.FromResult(true);
            }

            if (!e.Ended && e.EventId == eventId && e.ExpiresAt > now)
            {
                live++;
            }
        }

        foreach (var e in _admitted.Values)
        {
            if (e.EventId == eventId && e.ExpiresAt > now)
            {
                live++;
            }
        }

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
        var i = IndexOf(reservationId);
        if (i >= 0)
        {
            if (Entries[i].ExpiresAt == expiresAt && !Entries[i].Ended)
            {
                return;
            }

            // Live again if a cap check had marked it ended: a listing whose record was missing (a crash between
            // the two writes), now stored by its retry.
            Entries = Entries.SetItem(i, Entries[i] with { ExpiresAt = expiresAt, Ended = false });
        }
        else
        {
            Entries = Entries.Insert(0, new UserReservationEntry { ReservationId = reservationId, EventId = eventId, ExpiresAt = expiresAt });
            DropOldest(time.GetUtcNow());
        }

        await WriteAsync();
    }

    private void DropOldest(DateTimeOffset now)
    {
        if (Entries.Length <= MaxKept)
        {
            return;
        }

        var kept = Entries.ToBuilder();
        for (var i = kept.Count - 1; i >= 0 && kept.Count > MaxKept; i--)
        {
            if (kept[i].Ended || kept[i].ExpiresAt <= now)
            {
                kept.RemoveAt(i);
            }
        }

        Entries = kept.ToImmutable();
    }

    public async Task UpdateExpiryAsync(string reservationId, DateTimeOffset expiresAt)
    {
        var i = IndexOf(reservationId);
        if (i >= 0 && Entries[i].ExpiresAt != expiresAt)
        {
            Entries = Entries.SetItem(i, Entries[i] with { ExpiresAt = expiresAt });
            await WriteAsync();
        }
    }

    public Task MarkEndedAsync(string reservationId)
    {
        // Not written on its own: every confirmed, cancelled or expired hold had cost a rewrite of the whole index
        // (5 KB for the benchmark's buyers), one write per booking. See IUserReservationsGrain.MarkEndedAsync.
        var i = IndexOf(reservationId);
        if (i >= 0 && !Entries[i].Ended)
        {
            Entries = Entries.SetItem(i, Entries[i] with { Ended = true });
            _unsaved = true;
        }

        return Task.CompletedTask;
    }

    public Task<ImmutableArray<string>> LiveHoldsAsync(string eventId)
    {
        var now = time.GetUtcNow();
        return Task.FromResult(Entries.Where(e => !e.Ended && e.EventId == eventId && e.ExpiresAt > now).Select(e => e.ReservationId).ToImmutableArray());
    }

    /// <summary>Stores the index, with any ended marks not stored yet.</summary>
    private async Task WriteAsync()
    {
        try
        {
            await state.WriteOrRevertAsync(this);
        }
        finally
        {
            // Stored, or put back to what storage holds (the marks with it): either way nothing is left to store.
            _unsaved = false;
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Not after a failure to store or re-read: what memory holds then is not to be trusted, let alone stored.
        if (_unsaved && reason.ReasonCode != DeactivationReasonCode.ApplicationError)
        {
            try
            {
                await state.WriteStateAsync(cancellationToken);
            }
            catch (Exception)
            {
                // Only marks, which a later hold check makes again from the reservations themselves.
            }
        }
    }

    public async Task ForgetAsync(string reservationId)
    {
        _admitted.Remove(reservationId);
        var i = IndexOf(reservationId);
        if (i >= 0)
        {
            Entries = Entries.RemoveAt(i);
            await WriteAsync();
        }
    }

    public Task WithdrawAsync(string reservationId)
    {
        _admitted.Remove(reservationId);
        return Task.CompletedTask;
    }

    private int IndexOf(string reservationId)
    {
        for (var i = 0; i < Entries.Length; i++)
        {
            if (Entries[i].ReservationId == reservationId)
            {
                return i;
            }
        }

        return -1;
    }

    public Task<ReservationIdPage> GetPageAsync(int skip, int take)
        => Task.FromResult(new ReservationIdPage([.. Entries.Skip(skip).Take(take).Select(e => e.ReservationId)], Entries.Length));
}
