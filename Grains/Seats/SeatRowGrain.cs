using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Ticketing.Common;

namespace Ticketing.Seats;

/// <summary>
/// The authority for one row of seats (see <see cref="ISeatRowGrain"/>). Reentrant with group commit (see
/// <see cref="GroupCommit{T}"/>): each operation checks and changes its seats in one synchronous stretch, so two holds
/// can never both win a seat, and answers only once what it saw is stored; changes made while a write is in flight are
/// stored together by the next one, so a hot row does not queue its buyers behind one database round trip each.
/// Expired holds count as free at once; a timer releases them promptly for the seat map and a reminder per row
/// (only while it has live holds) is the durable backstop.
/// </summary>
[Reentrant]
public sealed partial class SeatRowGrain(
    [PersistentState("seat-row", StorageNames.Tickets)] IPersistentState<SeatRowState> state,
    TimeProvider time,
    ILogger<SeatRowGrain> logger) : Grain, ISeatRowGrain, IRemindable
{
    private const string ExpiryReminder = "seat-row-expiry";
    private static readonly TimeSpan PushDelay = TimeSpan.FromMilliseconds(200);

    private IGrainTimer? _pushTimer;
    private ExpiryTimer? _expiryTimer;
    private bool _reminderRegistered;
    private GroupCommit<SeatRowState>? _writes;

    private SeatRowState Row => Writes.State;

    private GroupCommit<SeatRowState> Writes => _writes ??= new(state, this);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Anything still held when the row comes back (after a failover, say) needs the expiry machinery again.
        _reminderRegistered = false;
        ScheduleExpiry();
        return Task.CompletedTask;
    }

    public async Task ConfigureAsync(SeatRowConfiguration configuration)
    {
        await Writes.ReadyAsync();
        if (Row.Configuration is { } existing)
        {
            if (existing.Seats != configuration.Seats || existing.CategoryId != configuration.CategoryId || existing.Price != configuration.Price)
            {
                LogConfigurationIgnored(logger, this.GetPrimaryKeyString());
            }

            await SetSalesStateAsync(configuration.Sales);
            return;
        }

        Row.Configuration = configuration;
        Row.Sales = configuration.Sales;
        Row.Seats = [.. Enumerable.Repeat(SeatEntry.Available, configuration.Seats)];
        await CommitAsync();
    }

    public async Task SetSalesStateAsync(SalesState sales)
    {
        await Writes.ReadyAsync();
        if (Row.Sales is { } current && current.Version >= sales.Version)
        {
            await Writes.DurableAsync();
            return;
        }

        Row.Sales = sales;
        if (Row.Configuration is not null)
        {
            await CommitAsync();
        }
    }

    public async Task<SeatHoldResult> TryHoldAsync(string reservationId, ImmutableArray<int> seatNumbers, DateTimeOffset expiresAt)
    {
        await Writes.ReadyAsync();
        var now = time.GetUtcNow();
        if (Refusal(now, expiresAt) is { } refusal)
        {
            return Fail(refusal);
        }

        if (InvalidNumbers(seatNumbers) is { } invalid)
        {
            return Fail(invalid);
        }

        var unavailable = seatNumbers.Where(n => !CanHold(Seat(n), reservationId, now)).ToList();
        if (unavailable.Count > 0)
        {
            return Fail(new DomainError(DomainErrorCodes.SeatUnavailable, "Some seats are not available.", [.. unavailable.Select(SeatIdOf)]));
        }

        var changed = false;
        foreach (var number in seatNumbers)
        {
            changed |= Hold(number, reservationId, expiresAt);
        }

        await CommitIfAsync(changed);
        return Held(seatNumbers);
    }

    public async Task<SeatHoldResult> TryHoldAdjacentAsync(string reservationId, int quantity, DateTimeOffset expiresAt)
    {
        await Writes.ReadyAsync();
        var now = time.GetUtcNow();
        if (Refusal(now, expiresAt) is { } refusal)
        {
            return Fail(refusal);
        }

        if (quantity < 1 || quantity > Row.Seats.Count)
        {
            return Fail(new DomainError(DomainErrorCodes.SoldOut, $"This row has no {quantity} adjacent seats."));
        }

        // A retry of the same request returns the seats it already holds.
        var mine = Numbers().Where(n => Seat(n).ReservationId == reservationId && Seat(n).IsLiveHold(now)).ToImmutableArray();
        if (mine.Length == quantity)
        {
            await Writes.DurableAsync();
            return Held(mine);
        }

        var best = BestBlock(quantity, now);
        if (best is null)
        {
            return Fail(new DomainError(DomainErrorCodes.SoldOut, $"This row has no {quantity} adjacent free seats."));
        }

        var block = Enumerable.Range(best.Value, quantity).ToImmutableArray();
        foreach (var number in block)
        {
            Hold(number, reservationId, expiresAt);
        }

        await CommitAsync();
        return Held(block);
    }

    public async Task<SeatOperationResult> ExtendAsync(string reservationId, ImmutableArray<int> seatNumbers, DateTimeOffset expiresAt)
    {
        await Writes.ReadyAsync();
        var now = time.GetUtcNow();
        if (InvalidNumbers(seatNumbers) is { } invalid)
        {
            return new SeatOperationResult(invalid);
        }

        if (Row.Sales is { Cancelled: true })
        {
            return new SeatOperationResult(SalesState.CancelledError());
        }

        if (seatNumbers.Any(n => Seat(n).ReservationId != reservationId || !Seat(n).IsLiveHold(now)))
        {
            return new SeatOperationResult(new DomainError(DomainErrorCodes.ReservationExpired, "The hold on these seats has ended."));
        }

        foreach (var number in seatNumbers)
        {
            SetSeat(number, Seat(number) with { ExpiresAt = expiresAt });
        }

        await CommitAsync();
        return SeatOperationResult.Ok;
    }

    public async Task ReleaseAsync(string reservationId, ImmutableArray<int> seatNumbers)
    {
        await Writes.ReadyAsync();
        var changed = false;
        foreach (var number in seatNumbers.Where(IsValidNumber))
        {
            var seat = Seat(number);
            if (seat.Status == SeatStatus.Held && seat.ReservationId == reservationId)
            {
                SetSeat(number, SeatEntry.Available);
                changed = true;
            }
        }

        await CommitIfAsync(changed);
    }

    public async Task ReleaseAttemptAsync(string reservationId, ImmutableArray<int> seatNumbers, DateTimeOffset heldUntil)
    {
        await Writes.ReadyAsync();
        var changed = false;
        foreach (var number in seatNumbers.Where(IsValidNumber))
        {
            var seat = Seat(number);
            if (seat.Status == SeatStatus.Held && seat.ReservationId == reservationId && seat.ExpiresAt == heldUntil)
            {
                SetSeat(number, SeatEntry.Available);
                changed = true;
            }
        }

        await CommitIfAsync(changed);
    }

    public async Task<SeatOperationResult> SellAsync(string reservationId, string bookingId, ImmutableArray<int> seatNumbers)
    {
        await Writes.ReadyAsync();
        if (InvalidNumbers(seatNumbers) is { } invalid)
        {
            return new SeatOperationResult(invalid);
        }

        // Held by this reservation (even past its expiry: nobody else has taken the seat since, or the holder
        // would have changed) or already sold to this booking (a retry).
        var refused = seatNumbers.Where(n =>
        {
            var seat = Seat(n);
            return !(seat.Status == SeatStatus.Sold && seat.BookingId == bookingId)
                   && !(seat.Status == SeatStatus.Held && seat.ReservationId == reservationId);
        }).ToList();
        if (refused.Count > 0)
        {
            return new SeatOperationResult(new DomainError(DomainErrorCodes.SeatUnavailable, "Some seats are no longer held by this reservation.", [.. refused.Select(SeatIdOf)]));
        }

        var changed = false;
        foreach (var number in seatNumbers)
        {
            changed |= Sell(number, reservationId, bookingId);
        }

        await CommitIfAsync(changed);

        return SeatOperationResult.Ok;
    }

    public async Task<SeatOperationResult> SellIfAvailableAsync(string bookingId, ImmutableArray<int> seatNumbers)
    {
        await Writes.ReadyAsync();
        if (InvalidNumbers(seatNumbers) is { } invalid)
        {
            return new SeatOperationResult(invalid);
        }

        var now = time.GetUtcNow();
        var refused = seatNumbers.Where(n => !(Seat(n).Status == SeatStatus.Sold && Seat(n).BookingId == bookingId) && !Seat(n).IsFree(now)).ToList();
        if (refused.Count > 0)
        {
            return new SeatOperationResult(new DomainError(DomainErrorCodes.SeatUnavailable, "Some seats have been taken.", [.. refused.Select(SeatIdOf)]));
        }

        var changed = false;
        foreach (var number in seatNumbers)
        {
            changed |= Sell(number, reservationId: null, bookingId);
        }

        await CommitIfAsync(changed);

        return SeatOperationResult.Ok;
    }

    public async Task ReturnToSaleAsync(string bookingId, ImmutableArray<int> seatNumbers)
    {
        await Writes.ReadyAsync();
        var changed = false;
        foreach (var number in seatNumbers.Where(IsValidNumber))
        {
            var seat = Seat(number);
            if (seat.Status == SeatStatus.Sold && seat.BookingId == bookingId)
            {
                SetSeat(number, SeatEntry.Available);
                changed = true;
            }
        }

        await CommitIfAsync(changed);
    }

    public async Task<SeatRowSnapshot?> GetSnapshotAsync()
    {
        await Writes.ReadyAsync();
        return Snapshot();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ExpiryReminder)
        {
            return;
        }

        await Writes.ReadyAsync();
        await ReleaseExpiredAsync();
        if (!HasLiveHolds(time.GetUtcNow()))
        {
            var reminder = await this.GetReminder(ExpiryReminder);
            if (reminder is not null)
            {
                await this.UnregisterReminder(reminder);
            }

            _reminderRegistered = false;

            // Reentrant: a hold may have come in while the reminder was being removed; it needs the backstop too.
            await EnsureReminderAsync();
        }
    }

    private async Task ReleaseExpiredAsync()
    {
        var now = time.GetUtcNow();
        var expired = Numbers().Where(n => Seat(n).Status == SeatStatus.Held && !Seat(n).IsLiveHold(now)).ToList();
        if (expired.Count == 0)
        {
            return;
        }

        foreach (var number in expired)
        {
            SetSeat(number, SeatEntry.Available);
        }

        await CommitAsync();
    }

    /// <summary>Persist (with whatever else changed meanwhile), then let the availability view and the expiry machinery know.</summary>
    private async Task CommitAsync()
    {
        Row.Version++;
        await Writes.CommitAsync();
        SchedulePush();
        ScheduleExpiry();
        await EnsureReminderAsync();
    }

    /// <summary>After a change, its write; without one, the write of whatever this answer was based on.</summary>
    private Task CommitIfAsync(bool changed) => changed ? CommitAsync() : Writes.DurableAsync();

    private async Task EnsureReminderAsync()
    {
        if (!_reminderRegistered && HasLiveHolds(time.GetUtcNow()))
        {
            _reminderRegistered = true;
            await this.RegisterOrUpdateReminder(ExpiryReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
    }

    private void SchedulePush()
    {
        if (Row.Configuration is null || _pushTimer is not null)
        {
            return;
        }

        _pushTimer = this.RegisterGrainTimer(PushSnapshot, new GrainTimerCreationOptions(PushDelay, Timeout.InfiniteTimeSpan));
    }

    private Task PushSnapshot()
    {
        _pushTimer?.Dispose();
        _pushTimer = null;
        if (Snapshot() is { } snapshot)
        {
            // One-way: the row never waits on the view, and a lost update is repaired by the next one.
            _ = GrainFactory.For<IEventAvailabilityGrain>(Row.Configuration!.EventId).RowChangedAsync(snapshot);
        }

        return Task.CompletedTask;
    }

    private void ScheduleExpiry()
    {
        var now = time.GetUtcNow();
        _expiryTimer ??= new ExpiryTimer(this, OnExpiryTimer);
        _expiryTimer.Schedule(Row.Seats.Where(s => s.IsLiveHold(now)).Select(s => s.ExpiresAt!.Value).DefaultIfEmpty(DateTimeOffset.MaxValue).Min(), now);
    }

    private async Task OnExpiryTimer()
    {
        await Writes.ReadyAsync();
        await ReleaseExpiredAsync();
        ScheduleExpiry();
    }

    private DomainError? Refusal(DateTimeOffset now, DateTimeOffset expiresAt)
    {
        if (Row.Configuration is null)
        {
            return new DomainError(DomainErrorCodes.EventNotOnSale, "The event is not on sale.");
        }

        if (SalesWindow.RefusalAt(Row.Sales, now) is { } closed)
        {
            return closed;
        }

        return expiresAt <= now ? DomainError.Validation("expiresAt", "A hold must expire in the future.") : null;
    }

    private DomainError? InvalidNumbers(ImmutableArray<int> seatNumbers)
    {
        if (seatNumbers.IsDefaultOrEmpty)
        {
            return DomainError.Validation("seatIds", "At least one seat is required.");
        }

        var unknown = seatNumbers.Where(n => !IsValidNumber(n)).ToList();
        if (unknown.Count > 0)
        {
            return new DomainError(DomainErrorCodes.SeatNotFound, "Unknown seats: " + string.Join(", ", unknown.Select(SeatIdOf)), [.. unknown.Select(SeatIdOf)]);
        }

        return seatNumbers.Distinct().Count() != seatNumbers.Length ? DomainError.Validation("seatIds", "Seat ids must be distinct.") : null;
    }

    private static bool CanHold(SeatEntry seat, string reservationId, DateTimeOffset now)
        => seat.IsFree(now) || (seat.Status == SeatStatus.Held && seat.ReservationId == reservationId);

    /// <returns>Whether anything changed.</returns>
    private bool Hold(int number, string reservationId, DateTimeOffset expiresAt)
    {
        var seat = Seat(number);
        if (seat.Status == SeatStatus.Held && seat.ReservationId == reservationId && seat.ExpiresAt >= expiresAt)
        {
            // Never shortened by the same reservation: a late attempt under its id (one that waited on a stalled
            // row while a retry made and stored the hold) must not undo the retry's later expiry or a pin.
            return false;
        }

        SetSeat(number, SeatEntry.HeldBy(reservationId, expiresAt));
        return true;
    }

    private bool Sell(int number, string? reservationId, string bookingId)
    {
        var seat = Seat(number);
        if (seat.Status == SeatStatus.Sold && seat.BookingId == bookingId)
        {
            return false;
        }

        SetSeat(number, SeatEntry.SoldTo(reservationId, bookingId));
        return true;
    }

    /// <summary>The free block of <paramref name="quantity"/> seats closest to the row's middle (first seat number).</summary>
    private int? BestBlock(int quantity, DateTimeOffset now)
    {
        var count = Row.Seats.Count;
        var middle = (count + 1) / 2.0;
        int? best = null;
        var bestDistance = double.MaxValue;
        var run = 0;
        for (var number = 1; number <= count; number++)
        {
            run = Seat(number).IsFree(now) ? run + 1 : 0;
            if (run < quantity)
            {
                continue;
            }

            var first = number - quantity + 1;
            var distance = Math.Abs(first + (quantity - 1) / 2.0 - middle);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = first;
            }
        }

        return best;
    }

    private bool HasLiveHolds(DateTimeOffset now) => Row.Seats.Any(s => s.IsLiveHold(now));

    private SeatRowSnapshot? Snapshot()
    {
        if (Row.Configuration is not { } config)
        {
            return null;
        }

        var now = time.GetUtcNow();
        return new SeatRowSnapshot(config.SectionId, config.RowId, config.CategoryId, Row.Version, [.. Row.Seats.Select(s => s.EffectiveStatus(now))]);
    }

    private IEnumerable<int> Numbers() => Enumerable.Range(1, Row.Seats.Count);

    private bool IsValidNumber(int number) => number >= 1 && number <= Row.Seats.Count;

    private SeatEntry Seat(int number) => Row.Seats[number - 1];

    private void SetSeat(int number, SeatEntry seat) => Row.Seats[number - 1] = seat;

    private string SeatIdOf(int number)
        => Row.Configuration is { } c ? new SeatId(c.SectionId, c.RowId, number).ToString() : number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private SeatHoldResult Held(ImmutableArray<int> numbers)
        => new([.. numbers.Order()], numbers.Length * Row.Configuration!.Price, null);

    private static SeatHoldResult Fail(DomainError error) => new([], 0, error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seat row {Row} was configured again with a different layout; the first configuration stands")]
    private static partial void LogConfigurationIgnored(ILogger logger, string row);
}
