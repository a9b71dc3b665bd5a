using System.Collections.Immutable;
using Orleans.Runtime;
using Ticketing.Common;

namespace Ticketing.Seats;

/// <summary>
/// A general-admission capacity counter (see <see cref="IGeneralAdmissionGrain"/>). Live holds plus sales never
/// exceed the capacity: every hold and sale is checked against it and applied in one synchronous stretch. One counter
/// serves every buyer of its category, so it is reentrant with group commit (see <see cref="GroupCommit{T}"/>):
/// answers wait for their change to be stored, and changes made meanwhile share the next write.
/// </summary>
[Reentrant]
public sealed class GeneralAdmissionGrain(
    [PersistentState("general-admission", StorageNames.Tickets)] IPersistentState<GeneralAdmissionState> state,
    TimeProvider time) : Grain, IGeneralAdmissionGrain, IRemindable
{
    private const string ExpiryReminder = "ga-expiry";
    private static readonly TimeSpan PushDelay = TimeSpan.FromMilliseconds(200);

    private IGrainTimer? _pushTimer;
    private ExpiryTimer? _expiryTimer;
    private bool _reminderRegistered;
    private GroupCommit<GeneralAdmissionState>? _writes;
    private (ImmutableDictionary<string, int>? Of, int Places) _soldPlaces;

    private GeneralAdmissionState Counter => Writes.State;

    private GroupCommit<GeneralAdmissionState> Writes => _writes ??= new(state, this);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ScheduleExpiry();
        return Task.CompletedTask;
    }

    public async Task ConfigureAsync(GeneralAdmissionConfiguration configuration)
    {
        await Writes.ReadyAsync();
        if (Counter.Configuration is not null)
        {
            await SetSalesStateAsync(configuration.Sales);
            return;
        }

        Counter.Configuration = configuration;
        Counter.Sales = configuration.Sales;
        await CommitAsync();
    }

    public async Task SetSalesStateAsync(SalesState sales)
    {
        await Writes.ReadyAsync();
        if (Counter.Sales is { } current && current.Version >= sales.Version)
        {
            await Writes.DurableAsync();
            return;
        }

        Counter.Sales = sales;
        if (Counter.Configuration is not null)
        {
            await CommitAsync();
        }
    }

    public async Task<SeatHoldResult> TryHoldAsync(string reservationId, int quantity, DateTimeOffset expiresAt)
    {
        await Writes.ReadyAsync();
        var now = time.GetUtcNow();
        if (Counter.Configuration is not { } config)
        {
            return Fail(new DomainError(DomainErrorCodes.EventNotOnSale, "The event is not on sale."));
        }

        if (SalesWindow.RefusalAt(Counter.Sales, now) is { } closed)
        {
            return Fail(closed);
        }

        if (quantity < 1)
        {
            return Fail(DomainError.Validation("quantity", "quantity must be at least 1."));
        }

        if (expiresAt <= now)
        {
            return Fail(DomainError.Validation("expiresAt", "A hold must expire in the future."));
        }

        if (Counter.Holds.TryGetValue(reservationId, out var existing) && existing.ExpiresAt > now)
        {
            // A retry of the same hold answers the same; a different quantity for the same reservation is a bug.
            if (existing.Quantity != quantity)
            {
                return Fail(DomainError.Validation("quantity", "This reservation already holds a different quantity."));
            }

            if (expiresAt > existing.ExpiresAt)
            {
                // A later attempt under the same id (a retry while the first still waited) holds until its own
                // expiry, as seat rows do: never shortened, so the first attempt's clean-up cannot undo it.
                existing.ExpiresAt = expiresAt;
                await CommitAsync();
                return Held(quantity);
            }

            await Writes.DurableAsync();
            return Held(quantity);
        }

        var available = config.Capacity - LiveHeld(now, except: reservationId) - SoldCount();
        if (quantity > available)
        {
            return Fail(new DomainError(DomainErrorCodes.SoldOut, available <= 0 ? "Sold out." : $"Only {available} place(s) left."));
        }

        Counter.Holds[reservationId] = new GeneralAdmissionHold { Quantity = quantity, ExpiresAt = expiresAt };
        await CommitAsync();
        return Held(quantity);
    }

    public async Task<SeatOperationResult> ExtendAsync(string reservationId, DateTimeOffset expiresAt)
    {
        await Writes.ReadyAsync();
        if (Counter.Sales is { Cancelled: true })
        {
            return new SeatOperationResult(SalesState.CancelledError());
        }

        if (!Counter.Holds.TryGetValue(reservationId, out var hold) || hold.ExpiresAt <= time.GetUtcNow())
        {
            return new SeatOperationResult(new DomainError(DomainErrorCodes.ReservationExpired, "The hold has ended."));
        }

        hold.ExpiresAt = expiresAt;
        await CommitAsync();
        return SeatOperationResult.Ok;
    }

    public async Task ReleaseAsync(string reservationId)
    {
        await Writes.ReadyAsync();
        await CommitIfAsync(Counter.Holds.Remove(reservationId));
    }

    public async Task ReleaseAttemptAsync(string reservationId, DateTimeOffset heldUntil)
    {
        await Writes.ReadyAsync();
        await CommitIfAsync(Counter.Holds.TryGetValue(reservationId, out var hold) && hold.ExpiresAt == heldUntil && Counter.Holds.Remove(reservationId));
    }

    public async Task<SeatOperationResult> SellAsync(string reservationId, string bookingId)
    {
        await Writes.ReadyAsync();
        if (Counter.Sold.ContainsKey(bookingId))
        {
            await Writes.DurableAsync();
            return SeatOperationResult.Ok;
        }

        var now = time.GetUtcNow();
        if (!Counter.Holds.TryGetValue(reservationId, out var hold))
        {
            return new SeatOperationResult(new DomainError(DomainErrorCodes.SeatUnavailable, "The places are no longer held by this reservation."));
        }

        // A hold past its expiry no longer reserves capacity: sell only if the places are still free.
        if (hold.ExpiresAt <= now && hold.Quantity > Counter.Configuration!.Capacity - LiveHeld(now, except: reservationId) - SoldCount())
        {
            return new SeatOperationResult(new DomainError(DomainErrorCodes.SeatUnavailable, "The places have been taken since the hold expired."));
        }

        Counter.Holds.Remove(reservationId);
        RecordSale(bookingId, hold.Quantity);
        await CommitAsync();
        return SeatOperationResult.Ok;
    }

    public async Task<SeatOperationResult> SellIfAvailableAsync(string bookingId, int quantity)
    {
        await Writes.ReadyAsync();
        if (Counter.Sold.ContainsKey(bookingId))
        {
            await Writes.DurableAsync();
            return SeatOperationResult.Ok;
        }

        if (Counter.Configuration is not { } config || quantity < 1 || quantity > config.Capacity - LiveHeld(time.GetUtcNow(), except: null) - SoldCount())
        {
            return new SeatOperationResult(new DomainError(DomainErrorCodes.SeatUnavailable, "Not enough places are free."));
        }

        RecordSale(bookingId, quantity);
        await CommitAsync();
        return SeatOperationResult.Ok;
    }

    public async Task ReturnToSaleAsync(string bookingId)
    {
        await Writes.ReadyAsync();
        await CommitIfAsync(RemoveSale(bookingId));
    }

    public async Task<GeneralAdmissionSnapshot?> GetSnapshotAsync()
    {
        await Writes.ReadyAsync();
        return Snapshot();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await Writes.ReadyAsync();
        await PruneExpiredAsync();
        if (!Counter.Holds.Values.Any(h => h.ExpiresAt > time.GetUtcNow()) && await this.GetReminder(ExpiryReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            _reminderRegistered = false;

            // Reentrant: a hold may have come in while the reminder was being removed; it needs the backstop too.
            await EnsureReminderAsync();
        }
    }

    private int LiveHeld(DateTimeOffset now, string? except)
        => Counter.Holds.Where(h => h.Key != except && h.Value.ExpiresAt > now).Sum(h => h.Value.Quantity);

    /// <summary>
    /// Places sold, asked on every hold: summed once per sold map and kept up to date by the changes below, instead
    /// of summing every booking of the category each time. Keyed by the map itself, so a map read back from storage
    /// (after a failed write) is summed afresh.
    /// </summary>
    private int SoldCount()
    {
        var sold = Counter.Sold;
        if (!ReferenceEquals(_soldPlaces.Of, sold))
        {
            _soldPlaces = (sold, sold.Values.Sum());
        }

        return _soldPlaces.Places;
    }

    private void RecordSale(string bookingId, int quantity)
    {
        var places = SoldCount() + quantity - Counter.Sold.GetValueOrDefault(bookingId);
        Counter.Sold = Counter.Sold.SetItem(bookingId, quantity);
        _soldPlaces = (Counter.Sold, places);
    }

    /// <returns>Whether the booking had places to return.</returns>
    private bool RemoveSale(string bookingId)
    {
        if (!Counter.Sold.TryGetValue(bookingId, out var quantity))
        {
            return false;
        }

        var places = SoldCount() - quantity;
        Counter.Sold = Counter.Sold.Remove(bookingId);
        _soldPlaces = (Counter.Sold, places);
        return true;
    }

    private async Task PruneExpiredAsync()
    {
        var now = time.GetUtcNow();
        var expired = Counter.Holds.Where(h => h.Value.ExpiresAt <= now).Select(h => h.Key).ToList();
        if (expired.Count == 0)
        {
            return;
        }

        foreach (var key in expired)
        {
            Counter.Holds.Remove(key);
        }

        await CommitAsync();
    }

    private async Task CommitAsync()
    {
        Counter.Version++;
        await Writes.CommitAsync();
        _pushTimer ??= this.RegisterGrainTimer(PushSnapshot, new GrainTimerCreationOptions(PushDelay, Timeout.InfiniteTimeSpan));
        ScheduleExpiry();
        await EnsureReminderAsync();
    }

    /// <summary>After a change, its write; without one, the write of whatever this answer was based on.</summary>
    private Task CommitIfAsync(bool changed) => changed ? CommitAsync() : Writes.DurableAsync();

    private async Task EnsureReminderAsync()
    {
        if (!_reminderRegistered && Counter.Holds.Count > 0)
        {
            _reminderRegistered = true;
            await this.RegisterOrUpdateReminder(ExpiryReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
    }

    private Task PushSnapshot()
    {
        _pushTimer?.Dispose();
        _pushTimer = null;
        if (Snapshot() is { } snapshot)
        {
            _ = GrainFactory.For<IEventAvailabilityGrain>(Counter.Configuration!.EventId).GeneralAdmissionChangedAsync(snapshot);
        }

        return Task.CompletedTask;
    }

    private void ScheduleExpiry()
    {
        var now = time.GetUtcNow();
        _expiryTimer ??= new ExpiryTimer(this, OnExpiryTimer);
        _expiryTimer.Schedule(Counter.Holds.Values.Where(h => h.ExpiresAt > now).Select(h => h.ExpiresAt).DefaultIfEmpty(DateTimeOffset.MaxValue).Min(), now);
    }

    private async Task OnExpiryTimer()
    {
        await Writes.ReadyAsync();
        await PruneExpiredAsync();
        ScheduleExpiry();
    }

    private GeneralAdmissionSnapshot? Snapshot()
        => Counter.Configuration is { } config
            ? new GeneralAdmissionSnapshot(config.CategoryId, config.Capacity, LiveHeld(time.GetUtcNow(), except: null), SoldCount(), Counter.Version)
            : null;

    private SeatHoldResult Held(int quantity) => new([], quantity * Counter.Configuration!.Price, null);

    private static SeatHoldResult Fail(DomainError error) => new([], 0, error);
}
