using Orleans.Runtime;
using Ticketing.Common;

namespace Ticketing.Seats;

/// <summary>
/// A general-admission capacity counter (see <see cref="IGeneralAdmissionGrain"/>). Live holds plus sales never
/// exceed the capacity: every hold and sale is checked against it in one non-reentrant turn.
/// </summary>
public sealed class GeneralAdmissionGrain(
    [PersistentState("general-admission", StorageNames.Tickets)] IPersistentState<GeneralAdmissionState> state,
    TimeProvider time) : Grain, IGeneralAdmissionGrain, IRemindable
{
    private const string ExpiryReminder = "ga-expiry";
    private static readonly TimeSpan PushDelay = TimeSpan.FromMilliseconds(200);

    private IGrainTimer? _pushTimer;
    private IGrainTimer? _expiryTimer;
    private bool _reminderRegistered;

    private GeneralAdmissionState Counter => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ScheduleExpiry();
        return Task.CompletedTask;
    }

    public async Task ConfigureAsync(GeneralAdmissionConfiguration configuration)
    {
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
        if (Counter.Sales is { } current && current.Version >= sales.Version)
        {
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
            return existing.Quantity == quantity
                ? Held(quantity)
                : Fail(DomainError.Validation("quantity", "This reservation already holds a different quantity."));
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
        if (Counter.Holds.Remove(reservationId))
        {
            await CommitAsync();
        }
    }

    public async Task<SeatOperationResult> SellAsync(string reservationId, string bookingId)
    {
        if (Counter.Sold.ContainsKey(bookingId))
        {
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
        Counter.Sold[bookingId] = hold.Quantity;
        await CommitAsync();
        return SeatOperationResult.Ok;
    }

    public async Task<SeatOperationResult> SellIfAvailableAsync(string bookingId, int quantity)
    {
        if (Counter.Sold.ContainsKey(bookingId))
        {
            return SeatOperationResult.Ok;
        }

        if (Counter.Configuration is not { } config || quantity < 1 || quantity > config.Capacity - LiveHeld(time.GetUtcNow(), except: null) - SoldCount())
        {
            return new SeatOperationResult(new DomainError(DomainErrorCodes.SeatUnavailable, "Not enough places are free."));
        }

        Counter.Sold[bookingId] = quantity;
        await CommitAsync();
        return SeatOperationResult.Ok;
    }

    public async Task ReturnToSaleAsync(string bookingId)
    {
        if (Counter.Sold.Remove(bookingId))
        {
            await CommitAsync();
        }
    }

    public Task<GeneralAdmissionSnapshot?> GetSnapshotAsync() => Task.FromResult(Snapshot());

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await PruneExpiredAsync();
        if (!Counter.Holds.Values.Any(h => h.ExpiresAt > time.GetUtcNow()) && await this.GetReminder(ExpiryReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            _reminderRegistered = false;
        }
    }

    private int LiveHeld(DateTimeOffset now, string? except)
        => Counter.Holds.Where(h => h.Key != except && h.Value.ExpiresAt > now).Sum(h => h.Value.Quantity);

    private int SoldCount() => Counter.Sold.Values.Sum();

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
        await state.WriteOrRevertAsync(this);
        _pushTimer ??= this.RegisterGrainTimer(PushSnapshot, new GrainTimerCreationOptions(PushDelay, Timeout.InfiniteTimeSpan));
        ScheduleExpiry();
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
        var next = Counter.Holds.Values.Where(h => h.ExpiresAt > now).Select(h => h.ExpiresAt).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
        _expiryTimer?.Dispose();
        _expiryTimer = null;
        if (next == DateTimeOffset.MaxValue)
        {
            return;
        }

        var delay = next - now + TimeSpan.FromMilliseconds(20);
        _expiryTimer = this.RegisterGrainTimer(async () =>
        {
            _expiryTimer?.Dispose();
            _expiryTimer = null;
            await PruneExpiredAsync();
            ScheduleExpiry();
        }, new GrainTimerCreationOptions(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan));
    }

    private GeneralAdmissionSnapshot? Snapshot()
        => Counter.Configuration is { } config
            ? new GeneralAdmissionSnapshot(config.CategoryId, config.Capacity, LiveHeld(time.GetUtcNow(), except: null), SoldCount(), Counter.Version)
            : null;

    private SeatHoldResult Held(int quantity) => new([], quantity * Counter.Configuration!.Price, null);

    private static SeatHoldResult Fail(DomainError error) => new([], 0, error);
}
