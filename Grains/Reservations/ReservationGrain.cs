using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using Ticketing.Bookings;
using Ticketing.Common;
using Ticketing.Events;
using Ticketing.Seats;

namespace Ticketing.Reservations;

/// <summary>
/// One hold (see <see cref="IReservationGrain"/>). Seats are taken row by row in sorted seat order, each row
/// answering at once, and given back on the first refusal (SPEC section 5), so a hold is all or nothing and two
/// overlapping requests cannot each take half. Every seat operation carries this reservation's id, so retries
/// are harmless. Expiry needs no job: rows treat an expired hold as free, and this grain reads as Expired.
/// </summary>
public sealed class ReservationGrain(
    IOptions<ReservationOptions> options,
    IBookingFaults faults,
    TimeProvider time) : Grain, IReservationGrain
{
    /// <summary>Rows with a free block a best-available request tries before it settles for seats apart.</summary>
    private const int BestAvailableRowsToTry = 3;

    private IGrainTimer? _expiryTimer;
    private LazyGrainState<ReservationState>? _state;

    /// <summary>Read on first use (see <see cref="LazyGrainState{T}"/>): a refused attempt under a new id never touches storage.</summary>
    private LazyGrainState<ReservationState> Stored => _state ??= new(GrainContext, "reservation", StorageNames.Tickets);

    private ReservationState R => Stored.State;

    private string ReservationId => this.GetPrimaryKeyString();

    private bool Exists => R.UserId is not null;

    public async Task<ReservationResult> CreateAsync(CreateReservation command)
    {
        try
        {
            if (command.IdIsNew && !Stored.IsLoaded)
            {
                Stored.StartEmpty();
            }
            else
            {
                await LoadAsync();
            }

            return await MakeAsync(command);
        }
        finally
        {
            if (!Exists)
            {
                // Nothing of a refused attempt is kept: most attempts of a flash sale are refused, and each would
                // otherwise leave an empty activation in memory until idle collection.
                DeactivateOnIdle();
            }
        }
    }

    private async Task<ReservationResult> MakeAsync(CreateReservation command)
    {
        var fingerprint = Fingerprint(command);
        if (Exists)
        {
            return R.UserId == command.UserId && R.RequestFingerprint == fingerprint
                ? ReservationResult.Ok(Snapshot())
                : ReservationResult.Fail(new DomainError(DomainErrorCodes.IdempotencyKeyReused, "This reservation id was already used for a different request."));
        }

        var terms = await GrainFactory.For<ISaleTermsCacheGrain>(command.EventId).GetAsync();
        if (terms is null || terms.Status == EventStatus.Draft)
        {
            return ReservationResult.Fail(new DomainError(DomainErrorCodes.EventNotFound, "The event does not exist."));
        }

        if (terms.Status != EventStatus.OnSale)
        {
            return ReservationResult.Fail(new DomainError(DomainErrorCodes.EventNotOnSale, $"The event is {terms.Status}."));
        }

        var request = HoldRequest.From(command, terms);
        if (request.Error is { } invalid)
        {
            return ReservationResult.Fail(invalid);
        }

        var now = time.GetUtcNow();
        var expiresAt = now.AddSeconds(terms.HoldTtlSeconds);
        var index = GrainFactory.For<IUserReservationsGrain>(command.UserId);
        if (!await index.TryAdmitAsync(ReservationId, command.EventId, expiresAt, options.Value.MaxActiveHoldsPerUserPerEvent))
        {
            return ReservationResult.Fail(new DomainError(DomainErrorCodes.HoldLimitReached,
                $"You already have {options.Value.MaxActiveHoldsPerUserPerEvent} active holds on this event."));
        }

        await faults.AtAsync(BookingFaultPoints.BeforeSeatsHeld, ReservationId);
        var acquired = await AcquireAsync(command.EventId, request, expiresAt);
        if (acquired.Error is { } refused)
        {
            await index.ForgetAsync(ReservationId);
            if (refused.Code == DomainErrorCodes.ValidationFailed && time.GetUtcNow() >= expiresAt)
            {
                // The rows refused an expiry that had passed on the way to them: the cluster stalled (a lost silo's
                // calls wait out its death detection), the request was fine. Unavailable, so the client retries.
                throw new TimeoutException($"Hold {ReservationId} reached the seats after its own expiry ({expiresAt:O}); nothing was held.");
            }

            return ReservationResult.Fail(refused);
        }

        await faults.AtAsync(BookingFaultPoints.AfterSeatsHeldBeforeRecord, ReservationId);

        // Listed before this record is stored: a crash in between leaves a listed id without a record (skipped
        // when listing, expires from the cap), never a stored hold its owner cannot find.
        await index.RecordAsync(ReservationId, command.EventId, expiresAt);

        R.UserId = command.UserId;
        R.EventId = command.EventId;
        R.SeatIds = [.. acquired.SeatIds];
        R.GeneralAdmissionCategoryId = request.GeneralAdmissionCategoryId;
        R.Quantity = request.GeneralAdmissionCategoryId is null ? acquired.SeatIds.Count : request.Quantity;
        R.Status = ReservationStatus.Active;
        R.CreatedAt = now;
        R.ExpiresAt = expiresAt;
        R.Amount = acquired.Amount;
        R.Currency = terms.Currency;
        R.HoldTtlSeconds = terms.HoldTtlSeconds;
        R.RequestFingerprint = fingerprint;
        try
        {
            await Stored.WriteStateAsync();
        }
        catch (InconsistentStateException) when (command.IdIsNew)
        {
            // A record under an id minted for this call: a caller's bug, and the seats may be that record's. Touch
            // nothing; the hold made now runs out by itself.
            R.UserId = null;
            throw;
        }
        catch
        {
            // Not acknowledged, so not kept: give the seats back rather than leave them held until expiry.
            await ReleaseSeatsAsync();
            await index.ForgetAsync(ReservationId);
            R.UserId = null;
            throw;
        }

        ScheduleExpiry();
        return ReservationResult.Ok(Snapshot());
    }

    public async Task<ReservationSnapshot?> GetAsync()
    {
        await LoadAsync();
        return Exists ? Snapshot() : null;
    }

    public Task<ReservationResult> ExtendAsync(string userId, int seconds) => GuardAsync(async () =>
    {
        if (NotOwnedBy(userId) is { } notFound)
        {
            return notFound;
        }

        if (seconds is < 1 or > 3600)
        {
            return ReservationResult.Fail(DomainError.Validation("seconds", "seconds must be between 1 and 3600."));
        }

        var now = time.GetUtcNow();
        if (EffectiveStatus(now) == ReservationStatus.Expired)
        {
            return ReservationResult.Fail(new DomainError(DomainErrorCodes.ReservationExpired, "The hold has expired."));
        }

        if (R.Status != ReservationStatus.Active)
        {
            return ReservationResult.Fail(new DomainError(DomainErrorCodes.ReservationNotActive, $"The reservation is {R.Status}."));
        }

        var cap = R.CreatedAt.AddSeconds(R.HoldTtlSeconds * options.Value.MaxHoldLifetimeFactor);
        var expiresAt = Min(now.AddSeconds(seconds), cap);
        if (expiresAt <= now)
        {
            return ReservationResult.Fail(new DomainError(DomainErrorCodes.ReservationExpired, "The hold has reached its maximum life."));
        }

        // Stored before the rows are extended, as for a pin: a crash in between leaves the record claiming more
        // than the rows hold (a later confirm finds out), never rows holding seats the record has forgotten.
        R.ExpiresAt = expiresAt;
        await Stored.WriteStateAsync();
        if (!await ExtendSeatsAsync(expiresAt))
        {
            await EndAsync(ReservationStatus.Expired);
            return ReservationResult.Fail(new DomainError(DomainErrorCodes.ReservationExpired, "The hold has expired."));
        }

        await GrainFactory.For<IUserReservationsGrain>(R.UserId!).UpdateExpiryAsync(ReservationId, expiresAt);
        ScheduleExpiry();
        return ReservationResult.Ok(Snapshot());
    });

    public Task<ReservationResult> CancelAsync(string userId) => GuardAsync(async () =>
    {
        if (NotOwnedBy(userId) is { } notFound)
        {
            return notFound;
        }

        switch (EffectiveStatus(time.GetUtcNow()))
        {
            case ReservationStatus.Cancelled:
                return ReservationResult.Ok(Snapshot());
            case ReservationStatus.Expired:
                if (R.Status == ReservationStatus.Active)
                {
                    await EndAsync(ReservationStatus.Expired);
                }

                return ReservationResult.Ok(Snapshot());
            case ReservationStatus.Active:
                await EndAsync(ReservationStatus.Cancelled);
                return ReservationResult.Ok(Snapshot());
            default:
                return ReservationResult.Fail(new DomainError(DomainErrorCodes.ReservationNotActive, $"A {R.Status} reservation cannot be cancelled."));
        }
    });

    public Task<ReservationResult> BeginConfirmationAsync(string userId, string bookingId) => GuardAsync(async () =>
    {
        if (NotOwnedBy(userId) is { } notFound)
        {
            return notFound;
        }

        if (R.BookingId == bookingId && R.Status == ReservationStatus.Confirmed)
        {
            return ReservationResult.Ok(Snapshot());
        }

        if (R.BookingId == bookingId && R.Status == ReservationStatus.Confirming)
        {
            // A retry: a crash may have cut the pin short between storing it and extending the rows. Finish it.
            return await PinSeatsAsync();
        }

        var now = time.GetUtcNow();
        var status = EffectiveStatus(now);
        if (status == ReservationStatus.Expired)
        {
            return ReservationResult.Fail(new DomainError(DomainErrorCodes.ReservationExpired, "The hold has expired."));
        }

        if (status != ReservationStatus.Active)
        {
            return ReservationResult.Fail(new DomainError(DomainErrorCodes.ReservationNotActive, $"The reservation is {R.Status}."));
        }

        // Pin: the hold may not run out while the payment is in flight (bounded by the payment window). Stored
        // before the rows are extended, so a row never holds a seat longer than this record says, even when a crash
        // cuts the pin short; otherwise the seats would stay pinned for the whole window with nothing to free them.
        R.UnpinnedExpiresAt = R.ExpiresAt;
        R.ExpiresAt = Max(R.ExpiresAt, now.AddSeconds(options.Value.PaymentWindowSeconds));
        R.Status = ReservationStatus.Confirming;
        R.BookingId = bookingId;
        await Stored.WriteStateAsync();
        ScheduleExpiry();
        await faults.AtAsync(BookingFaultPoints.WhilePinning, bookingId);
        return await PinSeatsAsync();
    });

    public Task<ReservationResult> CompleteConfirmationAsync(string bookingId) => GuardAsync(async () =>
    {
        if (!Exists || R.BookingId != bookingId)
        {
            return ReservationResult.Fail(new DomainError(DomainErrorCodes.ReservationNotActive, "The reservation is not being confirmed by this booking."));
        }

        if (R.Status == ReservationStatus.Confirmed)
        {
            return ReservationResult.Ok(Snapshot());
        }

        if (R.Status != ReservationStatus.Confirming)
        {
            return ReservationResult.Fail(new DomainError(DomainErrorCodes.ReservationNotActive, $"The reservation is {R.Status}."));
        }

        foreach (var (row, numbers) in Rows())
        {
            var sold = await row.SellAsync(ReservationId, bookingId, numbers);
            if (sold.Error is { } error)
            {
                return ReservationResult.Fail(error);
            }
        }

        if (GeneralAdmission() is { } ga && (await ga.SellAsync(ReservationId, bookingId)).Error is { } gaError)
        {
            return ReservationResult.Fail(gaError);
        }

        R.Status = ReservationStatus.Confirmed;
        await Stored.WriteStateAsync();
        await GrainFactory.For<IUserReservationsGrain>(R.UserId!).MarkEndedAsync(ReservationId);
        DeactivateFinished();
        return ReservationResult.Ok(Snapshot());
    });

    public Task<ReservationResult> AbortConfirmationAsync(string bookingId, bool releaseSeats) => GuardAsync(async () =>
    {
        if (!Exists || R.BookingId != bookingId || R.Status != ReservationStatus.Confirming)
        {
            return ReservationResult.Fail(new DomainError(DomainErrorCodes.ReservationNotActive, "The reservation is not being confirmed by this booking."));
        }

        var now = time.GetUtcNow();
        var original = R.UnpinnedExpiresAt ?? R.ExpiresAt;
        if (releaseSeats || original <= now || !await ExtendSeatsAsync(original))
        {
            R.BookingId = null;
            await EndAsync(original <= now ? ReservationStatus.Expired : ReservationStatus.Cancelled);
            return ReservationResult.Ok(Snapshot());
        }

        // The customer may try again, with the time the hold had left.
        R.Status = ReservationStatus.Active;
        R.ExpiresAt = original;
        R.UnpinnedExpiresAt = null;
        R.BookingId = null;
        await Stored.WriteStateAsync();
        ScheduleExpiry();
        return ReservationResult.Ok(Snapshot());
    });

    public Task ExpireIfDueAsync() => GuardAsync(async () =>
    {
        if (Exists && R.Status == ReservationStatus.Active && R.ExpiresAt <= time.GetUtcNow())
        {
            await EndAsync(ReservationStatus.Expired);
        }

        return true;
    });

    private async Task<Acquired> AcquireAsync(string eventId, HoldRequest request, DateTimeOffset expiresAt)
    {
        if (request.GeneralAdmissionCategoryId is { } gaId)
        {
            var held = await GrainFactory.For<IGeneralAdmissionGrain>(GeneralAdmissionKey.For(eventId, gaId)).TryHoldAsync(ReservationId, request.Quantity, expiresAt);
            return held.Error is { } error ? Acquired.Fail(error) : new Acquired([], held.TotalPrice, null);
        }

        return request.CategoryId is { } categoryId
            ? await AcquireBestAvailableAsync(eventId, categoryId, request.Quantity, expiresAt)
            : await AcquireSeatsAsync(eventId, request.Seats, expiresAt);
    }

    /// <summary>Row by row in sorted order; on the first refusal everything taken so far is given back.</summary>
    private async Task<Acquired> AcquireSeatsAsync(string eventId, ImmutableArray<SeatId> seats, DateTimeOffset expiresAt)
    {
        var taken = new List<(ISeatRowGrain Row, ImmutableArray<int> Numbers)>();
        long amount = 0;
        foreach (var group in seats.Order().GroupBy(s => (s.Section, s.Row)))
        {
            var row = GrainFactory.For<ISeatRowGrain>(SeatRowKey.For(eventId, group.Key.Section, group.Key.Row));
            var numbers = group.Select(s => s.Number).ToImmutableArray();
            var held = await row.TryHoldAsync(ReservationId, numbers, expiresAt);
            if (held.Error is { } error)
            {
                await Task.WhenAll(taken.Select(t => t.Row.ReleaseAsync(ReservationId, t.Numbers)));
                return Acquired.Fail(error);
            }

            taken.Add((row, numbers));
            amount += held.TotalPrice;
        }

        return new Acquired([.. seats.Order().Select(s => s.ToString())], amount, null);
    }

    /// <summary>
    /// Adjacent seats in one row if any row of the category has them (front rows first); otherwise the free seats
    /// nearest each row's middle, front rows first. All or nothing. Where to look comes from the availability view in
    /// one call (asking each row of a sold-out category in turn cost one call per row); the rows decide.
    /// </summary>
    private async Task<Acquired> AcquireBestAvailableAsync(string eventId, string categoryId, int quantity, DateTimeOffset expiresAt)
    {
        var hint = await GrainFactory.For<IEventAvailabilityGrain>(eventId).SuggestAsync(categoryId, quantity, BestAvailableRowsToTry);
        foreach (var layout in hint.RowsWithBlock)
        {
            var held = await RowGrain(eventId, layout).TryHoldAdjacentAsync(ReservationId, quantity, expiresAt);
            if (held.Succeeded)
            {
                return new Acquired([.. held.HeldSeatNumbers.Select(n => new SeatId(layout.SectionId, layout.RowId, n).ToString())], held.TotalPrice, null);
            }

            if (held.Error!.Code == DomainErrorCodes.EventNotOnSale)
            {
                return Acquired.Fail(held.Error);
            }
        }

        if (hint.ScatteredSeats.Length < quantity)
        {
            return Acquired.Fail(new DomainError(DomainErrorCodes.SoldOut, $"There are not {quantity} seats left in {categoryId}."));
        }

        var acquired = await AcquireSeatsAsync(eventId, hint.ScatteredSeats, expiresAt);
        return acquired.Error is null
            ? acquired
            : Acquired.Fail(new DomainError(DomainErrorCodes.SoldOut, $"The {quantity} seats left in {categoryId} were taken meanwhile; try again."));
    }

    private ISeatRowGrain RowGrain(string eventId, RowLayout layout) => GrainFactory.For<ISeatRowGrain>(SeatRowKey.For(eventId, layout.SectionId, layout.RowId));

    private IEnumerable<(ISeatRowGrain Row, ImmutableArray<int> Numbers)> Rows()
        => R.SeatIds.Select(id => SeatId.TryParse(id, out var seat) ? seat : throw new InvalidOperationException($"stored seat id {id} is malformed"))
            .GroupBy(s => (s.Section, s.Row))
            .Select(g => (GrainFactory.For<ISeatRowGrain>(SeatRowKey.For(R.EventId, g.Key.Section, g.Key.Row)), g.Select(s => s.Number).ToImmutableArray()));

    private IGeneralAdmissionGrain? GeneralAdmission()
        => R.GeneralAdmissionCategoryId is { } id ? GrainFactory.For<IGeneralAdmissionGrain>(GeneralAdmissionKey.For(R.EventId, id)) : null;

    /// <summary>Extends every seat of the stored pin; if any row no longer holds them, the hold is over.</summary>
    private async Task<ReservationResult> PinSeatsAsync()
    {
        if (await ExtendSeatsAsync(R.ExpiresAt))
        {
            return ReservationResult.Ok(Snapshot());
        }

        R.BookingId = null;
        await EndAsync(ReservationStatus.Expired);
        return ReservationResult.Fail(new DomainError(DomainErrorCodes.ReservationExpired, "The hold has expired."));
    }

    /// <summary>
    /// A failed step leaves this activation's state ahead of what is stored: drop it, as a crash would, so the next
    /// call starts from storage.
    /// </summary>
    private async Task<T> GuardAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            await LoadAsync();
            return await operation();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>Reads the record on first use; a reservation that comes back active needs its expiry timer again.</summary>
    private async Task LoadAsync()
    {
        if (!Stored.IsLoaded)
        {
            await Stored.LoadAsync();
            ScheduleExpiry();
        }
    }

    private async Task<bool> ExtendSeatsAsync(DateTimeOffset expiresAt)
    {
        foreach (var (row, numbers) in Rows())
        {
            if (!(await row.ExtendAsync(ReservationId, numbers, expiresAt)).Succeeded)
            {
                return false;
            }
        }

        return GeneralAdmission() is not { } ga || (await ga.ExtendAsync(ReservationId, expiresAt)).Succeeded;
    }

    private async Task ReleaseSeatsAsync()
    {
        await Task.WhenAll(Rows().Select(r => r.Row.ReleaseAsync(ReservationId, r.Numbers)));
        if (GeneralAdmission() is { } ga)
        {
            await ga.ReleaseAsync(ReservationId);
        }
    }

    private async Task EndAsync(ReservationStatus status)
    {
        await ReleaseSeatsAsync();
        R.Status = status;
        R.UnpinnedExpiresAt = null;
        await Stored.WriteStateAsync();
        await GrainFactory.For<IUserReservationsGrain>(R.UserId!).MarkEndedAsync(ReservationId);
        _expiryTimer?.Dispose();
        _expiryTimer = null;
        DeactivateFinished();
    }

    /// <summary>
    /// An ended reservation is stored and rarely asked about again, so its activation goes now rather than after
    /// Orleans' idle collection (15 minutes): a sale of that length would otherwise keep every one of its
    /// reservations in memory. A later read activates it again from storage.
    /// </summary>
    private void DeactivateFinished() => DeactivateOnIdle();

    /// <summary>Prompt clean-up while active; correctness does not depend on it (rows treat expired holds as free).</summary>
    private void ScheduleExpiry()
    {
        _expiryTimer?.Dispose();
        _expiryTimer = null;
        if (!Exists || R.Status != ReservationStatus.Active)
        {
            return;
        }

        var delay = R.ExpiresAt - time.GetUtcNow() + TimeSpan.FromMilliseconds(50);
        _expiryTimer = this.RegisterGrainTimer(ExpireIfDueAsync, new GrainTimerCreationOptions(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan));
    }

    private ReservationResult? NotOwnedBy(string userId)
        => Exists && R.UserId == userId ? null : ReservationResult.Fail(new DomainError(DomainErrorCodes.ReservationNotFound, "The reservation does not exist."));

    private ReservationStatus EffectiveStatus(DateTimeOffset now)
        => R.Status == ReservationStatus.Active && R.ExpiresAt <= now ? ReservationStatus.Expired : R.Status;

    private ReservationSnapshot Snapshot()
        => new(ReservationId, R.UserId!, R.EventId, [.. R.SeatIds], R.GeneralAdmissionCategoryId, R.Quantity,
            EffectiveStatus(time.GetUtcNow()), R.CreatedAt, R.ExpiresAt, R.Amount, R.Currency, R.BookingId);

    private static string Fingerprint(CreateReservation c)
        => string.Join('|', c.UserId, c.EventId, string.Join(',', (c.SeatIds.IsDefault ? [] : c.SeatIds).Order(StringComparer.Ordinal)), c.CategoryId, c.Quantity);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed record Acquired(IReadOnlyList<string> SeatIds, long Amount, DomainError? Error)
    {
        public static Acquired Fail(DomainError error) => new([], 0, error);
    }
}
