using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using Ticketing.Bookings;
using Ticketing.Common;
using Ticketing.Events;
using Ticketing.Seats;

namespace Ticketing.Reservations;

/// <summary>
/// One hold (see <see cref="IReservationGrain"/>). Its seats are taken by a <see cref="HoldAttempt"/> (all or
/// nothing, SPEC section 5): for a new id by <see cref="HoldAttemptsGrain"/>, which hands over only an attempt that
/// succeeded; for a repeat by this grain itself. Every seat operation carries this reservation's id, so retries are
/// harmless. Expiry needs no job: rows treat an expired hold as free, and this grain reads as Expired.
/// </summary>
public sealed class ReservationGrain(
    IOptions<ReservationOptions> options,
    IBookingFaults faults,
    TimeProvider time) : Grain, IReservationGrain
{
    private IGrainTimer? _expiryTimer;
    private LazyGrainState<ReservationState>? _state;

    /// <summary>Read on first use (see <see cref="LazyGrainState{T}"/>): a refused attempt under a new id never touches storage.</summary>
    private LazyGrainState<ReservationState> Stored => _state ??= new(GrainContext, "reservation", StorageNames.Tickets);

    private ReservationState R => Stored.State;

    private string ReservationId => this.GetPrimaryKeyString();

    private bool Exists => R.UserId is not null;

    /// <summary>
    /// No hold in this activation: none stored, or its record not even read (a failed read must fail the call with its
    /// own error, not with the state it could not load).
    /// </summary>
    private bool HoldsNothing => !Stored.IsLoaded || !Exists;

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
            if (HoldsNothing)
            {
                // Nothing of a refused attempt is kept: most attempts of a flash sale are refused, and each would
                // otherwise leave an empty activation in memory until idle collection.
                DeactivateOnIdle();
            }
        }
    }

    private async Task<ReservationResult> MakeAsync(CreateReservation command)
    {
        if (Exists)
        {
            return await RepeatAsync(command);
        }

        var (held, refusal) = await new HoldAttempt(GrainFactory, options.Value, faults, time, ReservationId, runByReservation: true).TryAsync(command);
        return held is null ? ReservationResult.Fail(refusal!) : await StoreAsync(held);
    }

    public async Task<ReservationResult> RecordAsync(HeldSeats held)
    {
        ArgumentNullException.ThrowIfNull(held);
        try
        {
            if (held.Command.IdIsNew && !Stored.IsLoaded)
            {
                Stored.StartEmpty();
            }
            else
            {
                await LoadAsync();
            }

            if (!Exists)
            {
                return await StoreAsync(held);
            }

            // Another attempt under this id (a retry) stored the hold first: seats this late one took beyond it are
            // given back, the stored hold's are kept (rows never shorten a hold of its own id).
            await GiveBackAsync(held);
            return await RepeatAsync(held.Command);
        }
        finally
        {
            if (HoldsNothing)
            {
                DeactivateOnIdle();
            }
        }
    }

    /// <summary>Gives back the seats an attempt took beyond the stored hold's (see <see cref="GiveBackAsync(HeldSeats, IEnumerable{string}, bool)"/>).</summary>
    private Task GiveBackAsync(HeldSeats held)
        => GiveBackAsync(held, held.SeatIds.Except(R.SeatIds, StringComparer.Ordinal), held.GeneralAdmissionCategoryId != R.GeneralAdmissionCategoryId);

    /// <summary>
    /// Gives back seats an attempt took, fenced by its expiry: a seat or place held until a later one (a retry under
    /// this id took it meanwhile, and rows and counters never shorten a hold of its own id) stays held.
    /// </summary>
    private async Task GiveBackAsync(HeldSeats held, IEnumerable<string> seatIds, bool generalAdmission)
    {
        var rows = seatIds
            .Select(id => SeatId.TryParse(id, out var seat) ? seat : throw new InvalidOperationException($"held seat id {id} is malformed"))
            .GroupBy(s => (s.Section, s.Row));
        await Task.WhenAll(rows.Select(g => GrainFactory.For<ISeatRowGrain>(SeatRowKey.For(held.Command.EventId, g.Key.Section, g.Key.Row))
            .ReleaseAttemptAsync(ReservationId, [.. g.Select(s => s.Number)], held.ExpiresAt)));
        if (generalAdmission && held.GeneralAdmissionCategoryId is { } ga)
        {
            await GrainFactory.For<IGeneralAdmissionGrain>(GeneralAdmissionKey.For(held.Command.EventId, ga)).ReleaseAttemptAsync(ReservationId, held.ExpiresAt);
        }
    }

    private async Task<ReservationResult> RepeatAsync(CreateReservation command)
    {
        if (R.UserId != command.UserId || R.RequestFingerprint != Fingerprint(command))
        {
            return ReservationResult.Fail(new DomainError(DomainErrorCodes.IdempotencyKeyReused, "This reservation id was already used for a different request."));
        }

        var snapshot = Snapshot();
        if (snapshot.Status == ReservationStatus.Active)
        {
            // The record is stored side by side with its listing (StoreAsync), so a crash can leave it unlisted: the
            // repeat lists it. Nothing is written when it is listed already.
            await GrainFactory.For<IUserReservationsGrain>(R.UserId!).RecordAsync(ReservationId, R.EventId, R.ExpiresAt);
        }

        return ReservationResult.Ok(snapshot);
    }

    private async Task<ReservationResult> StoreAsync(HeldSeats held)
    {
        var command = held.Command;

        // Listed and stored side by side, so a hold that got its seats waits for one write, not two in a row
        // (PostgreSQL, 10,000 seats: a successful hold's median answer 90-96 ms before, 67-76 ms after). Either can
        // land without the other. A listing without a record is skipped when listing and expires from the cap. A record
        // whose listing failed is undone below, so the failure answered is true; after a crash between the two, the
        // repeat of the request lists it (RepeatAsync), and unrepeated it holds its seats no longer than a crash
        // before the record would.
        var index = GrainFactory.For<IUserReservationsGrain>(command.UserId);
        var listing = index.RecordAsync(ReservationId, command.EventId, held.ExpiresAt);

        R.UserId = command.UserId;
        R.EventId = command.EventId;
        R.SeatIds = [.. held.SeatIds];
        R.GeneralAdmissionCategoryId = held.GeneralAdmissionCategoryId;
        R.Quantity = held.Quantity;
        R.Status = ReservationStatus.Active;
        R.CreatedAt = held.CreatedAt;
        R.ExpiresAt = held.ExpiresAt;
        R.Amount = held.Amount;
        R.Currency = held.Currency;
        R.HoldTtlSeconds = held.HoldTtlSeconds;
        R.RequestFingerprint = Fingerprint(command);
        try
        {
            await Stored.WriteStateAsync();
        }
        catch (InconsistentStateException) when (command.IdIsNew)
        {
            // A record under an id minted for this call: a caller's bug, and the seats may be that record's. Touch
            // nothing; the hold made now runs out by itself.
            R.UserId = null;
            await Settled(listing);
            throw;
        }
        catch
        {
            // The listing settles first, so dropping it cannot overtake it.
            await Settled(listing);
            switch (await OutcomeOfFailedRecordAsync(held))
            {
                case RecordOutcome.NotStored:
                    // Not stored, so not kept: the seats go back rather than stay held until expiry (unless retried,
                    // see GiveBackUnlessRetriedAsync).
                    await GiveBackUnlessRetriedAsync(held);
                    await index.ForgetAsync(ReservationId);
                    throw;
                case RecordOutcome.Unknown:
                    // Perhaps stored: its seats stay held (until its expiry), so a repeat that finds it Active finds
                    // them held too, and its listing stays (the cap checks listings against their records).
                    throw;
            }

            // Stored after all, only its answer was lost: a hold like any other.
        }

        try
        {
            await listing;
        }
        catch
        {
            // Stored but not listed: its owner would not find it in their holds, nor would it count towards their cap.
            // The record goes first: were the seats given back first and the clear then failed, a repeat would find
            // an Active hold whose seats anyone may take. If the clear fails, the seats stay held with the record
            // (until its expiry, or its repeat lists it).
            await Stored.ClearStateAsync();
            await GiveBackUnlessRetriedAsync(held);
            // A listing whose answer was lost may have been stored all the same, taking a place under the cap.
            await index.ForgetAsync(ReservationId);
            throw;
        }

        ScheduleExpiry();
        return ReservationResult.Ok(Snapshot());
    }

    /// <summary>
    /// A record write that failed may have been stored all the same (a connection lost before its commit's answer).
    /// To tell, an empty record is stored in its place under the ETag the failed write carried: storage refuses it only
    /// if the write landed (which the record read back then shows), and once it is stored a late landing is refused
    /// instead. Giving the seats back on a lost answer had left an Active record whose seats anyone could take.
    /// </summary>
    private async Task<RecordOutcome> OutcomeOfFailedRecordAsync(HeldSeats held)
    {
        try
        {
            Stored.Empty();
            await Stored.WriteStateAsync();
            return RecordOutcome.NotStored;
        }
        catch (InconsistentStateException)
        {
            // Something is stored under this id: read whether it is this hold.
        }
        catch
        {
            Stored.Forget();
            return RecordOutcome.Unknown;
        }

        try
        {
            Stored.Forget();
            await Stored.LoadAsync();
        }
        catch
        {
            Stored.Forget();
            return RecordOutcome.Unknown;
        }

        return Exists && R.UserId == held.Command.UserId && R.ExpiresAt == held.ExpiresAt && R.RequestFingerprint == Fingerprint(held.Command)
            ? RecordOutcome.Stored
            : RecordOutcome.Unknown;
    }

    /// <summary>
    /// After a hold that could not be stored: gives its seats back at once, unless it was a retry. The first attempt
    /// under a retried id may still be on its way here (HoldAttemptsGrain runs it outside this grain), counting on
    /// the same seats, which the retry's attempt lengthened to its own expiry; given back, that attempt would be
    /// stored, and answered, holding seats anyone may take. Kept, they run out at the retry's expiry.
    /// </summary>
    private Task GiveBackUnlessRetriedAsync(HeldSeats held)
        => held.Command.IdIsNew ? GiveBackAsync(held, held.SeatIds, generalAdmission: true) : Task.CompletedTask;

    /// <summary>Waits for a call to finish, whatever its outcome (its failure is the caller's to ignore).</summary>
    private static async Task Settled(Task call)
        => await call.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);

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
        if (await ExtendSeatsAsync(expiresAt) is { } refused)
        {
            return await EndRefusedAsync(refused);
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
        if (releaseSeats || original <= now || await ExtendSeatsAsync(original) is not null)
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

    private IEnumerable<(ISeatRowGrain Row, ImmutableArray<int> Numbers)> Rows()
        => R.SeatIds.Select(id => SeatId.TryParse(id, out var seat) ? seat : throw new InvalidOperationException($"stored seat id {id} is malformed"))
            .GroupBy(s => (s.Section, s.Row))
            .Select(g => (GrainFactory.For<ISeatRowGrain>(SeatRowKey.For(R.EventId, g.Key.Section, g.Key.Row)), g.Select(s => s.Number).ToImmutableArray()));

    private IGeneralAdmissionGrain? GeneralAdmission()
        => R.GeneralAdmissionCategoryId is { } id ? GrainFactory.For<IGeneralAdmissionGrain>(GeneralAdmissionKey.For(R.EventId, id)) : null;

    /// <summary>Extends every seat of the stored pin; if any row no longer holds them, the hold is over.</summary>
    private async Task<ReservationResult> PinSeatsAsync()
    {
        if (await ExtendSeatsAsync(R.ExpiresAt) is not { } refused)
        {
            return ReservationResult.Ok(Snapshot());
        }

        R.BookingId = null;
        return await EndRefusedAsync(refused);
    }

    /// <summary>
    /// A row or counter refused to extend the hold: it ended (expired), or the event was cancelled, which ends the hold
    /// as cancelled and, for a pin, before any payment is asked for.
    /// </summary>
    private async Task<ReservationResult> EndRefusedAsync(DomainError refused)
    {
        if (refused.Code == DomainErrorCodes.EventNotOnSale)
        {
            await EndAsync(ReservationStatus.Cancelled);
            return ReservationResult.Fail(refused);
        }

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

    /// <returns>Null when every row and counter extended the hold, else the first refusal.</returns>
    private async Task<DomainError?> ExtendSeatsAsync(DateTimeOffset expiresAt)
    {
        foreach (var (row, numbers) in Rows())
        {
            if ((await row.ExtendAsync(ReservationId, numbers, expiresAt)).Error is { } refused)
            {
                return refused;
            }
        }

        return GeneralAdmission() is { } ga ? (await ga.ExtendAsync(ReservationId, expiresAt)).Error : null;
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
}
