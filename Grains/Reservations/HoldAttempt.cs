using System.Collections.Immutable;
using Ticketing.Bookings;
using Ticketing.Common;
using Ticketing.Events;
using Ticketing.Seats;

namespace Ticketing.Reservations;

/// <summary>
/// One attempt to take the seats of a new hold under <paramref name="reservationId"/>: the event's terms, the request
/// checked against them, the customer's hold limit, then the seats. Seats are taken row by row in sorted seat order,
/// each row answering at once, and given back on the first refusal (SPEC section 5), so a hold is all or nothing and
/// two overlapping requests cannot each take half. Every seat operation carries the reservation id, so retries are
/// harmless. Nothing is stored here: what was taken is for the reservation to record
/// (<see cref="IReservationGrain.RecordAsync"/>); a crash before it leaves seats held only until their expiry.
/// Run by <see cref="HoldAttemptsGrain"/> for new ids and by the reservation itself for repeats. Two attempts under
/// one id can overlap (a retry made while a first attempt still waits on a stalled row), so an attempt's clean-up
/// never undoes the other's: rows give back only seats still held until this attempt's own expiry, and only the
/// reservation, which records holds, drops a listed entry.
/// </summary>
/// <param name="runByReservation">
/// True when the reservation grain runs the attempt: no hold can be recorded under its id meanwhile, so a refusal also
/// drops an entry an earlier, half-done run listed. False in <see cref="HoldAttemptsGrain"/>: a refusal only withdraws
/// its admission.
/// </param>
internal sealed class HoldAttempt(
    IGrainFactory grains, ReservationOptions options, IBookingFaults faults, TimeProvider time, string reservationId, bool runByReservation)
{
    /// <summary>Rows with a free block a best-available request tries before it settles for seats apart.</summary>
    private const int BestAvailableRowsToTry = 3;

    public async Task<(HeldSeats? Held, DomainError? Refusal)> TryAsync(CreateReservation command)
    {
        var terms = await grains.For<ISaleTermsCacheGrain>(command.EventId).GetAsync();
        if (terms is null || terms.Status == EventStatus.Draft)
        {
            return (null, new DomainError(DomainErrorCodes.EventNotFound, "The event does not exist."));
        }

        if (terms.Status != EventStatus.OnSale)
        {
            return (null, new DomainError(DomainErrorCodes.EventNotOnSale, $"The event is {terms.Status}."));
        }

        var request = HoldRequest.From(command, terms);
        if (request.Error is { } invalid)
        {
            return (null, invalid);
        }

        var now = time.GetUtcNow();
        var expiresAt = now.AddSeconds(terms.HoldTtlSeconds);
        var index = grains.For<IUserReservationsGrain>(command.UserId);
        if (!await index.TryAdmitAsync(reservationId, command.EventId, expiresAt, options.MaxActiveHoldsPerUserPerEvent)
            && !await AdmitAfterCheckingLiveHoldsAsync(index, command.EventId, expiresAt))
        {
            return (null, new DomainError(DomainErrorCodes.HoldLimitReached,
                $"You already have {options.MaxActiveHoldsPerUserPerEvent} active holds on this event."));
        }

        await faults.AtAsync(BookingFaultPoints.BeforeSeatsHeld, reservationId);
        var acquired = await AcquireAsync(command.EventId, request, expiresAt);
        if (acquired.Error is { } refused)
        {
            await (runByReservation ? index.ForgetAsync(reservationId) : index.WithdrawAsync(reservationId));
            if (refused.Code == DomainErrorCodes.ValidationFailed && time.GetUtcNow() >= expiresAt)
            {
                // The rows refused an expiry that had passed on the way to them: the cluster stalled (a lost silo's
                // calls wait out its death detection), the request was fine. Unavailable, so the client retries.
                throw new TimeoutException($"Hold {reservationId} reached the seats after its own expiry ({expiresAt:O}); nothing was held.");
            }

            return (null, refused);
        }

        await faults.AtAsync(BookingFaultPoints.AfterSeatsHeldBeforeRecord, reservationId);
        var quantity = request.GeneralAdmissionCategoryId is null ? acquired.SeatIds.Count : request.Quantity;
        return (new HeldSeats(command, [.. acquired.SeatIds], request.GeneralAdmissionCategoryId, quantity, acquired.Amount,
            terms.Currency, terms.HoldTtlSeconds, now, expiresAt), null);
    }

    /// <summary>
    /// Before refusing a buyer at the cap: the index marks ended holds in memory only, so after its activation was lost
    /// a hold that ended may still look live there. The reservations counted say; those that ended are marked and the
    /// admission is asked again. Only at the cap, so it costs nothing on the way of an ordinary hold.
    /// </summary>
    private async Task<bool> AdmitAfterCheckingLiveHoldsAsync(IUserReservationsGrain index, string eventId, DateTimeOffset expiresAt)
    {
        var counted = (await index.LiveHoldsAsync(eventId)).Remove(reservationId);
        var snapshots = await Task.WhenAll(counted.Select(id => grains.For<IReservationGrain>(id).GetAsync()));
        var ended = counted.Where((_, i) => snapshots[i] is not { Status: ReservationStatus.Active or ReservationStatus.Confirming }).ToList();
        if (ended.Count == 0)
        {
            return false;
        }

        foreach (var id in ended)
        {
            await index.MarkEndedAsync(id);
        }

        return await index.TryAdmitAsync(reservationId, eventId, expiresAt, options.MaxActiveHoldsPerUserPerEvent);
    }

    private async Task<Acquired> AcquireAsync(string eventId, HoldRequest request, DateTimeOffset expiresAt)
    {
        if (request.GeneralAdmissionCategoryId is { } gaId)
        {
            var held = await grains.For<IGeneralAdmissionGrain>(GeneralAdmissionKey.For(eventId, gaId)).TryHoldAsync(reservationId, request.Quantity, expiresAt);
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
            var row = grains.For<ISeatRowGrain>(SeatRowKey.For(eventId, group.Key.Section, group.Key.Row));
            var numbers = group.Select(s => s.Number).ToImmutableArray();
            var held = await row.TryHoldAsync(reservationId, numbers, expiresAt);
            if (held.Error is { } error)
            {
                await Task.WhenAll(taken.Select(t => t.Row.ReleaseAttemptAsync(reservationId, t.Numbers, expiresAt)));
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
        var hint = await grains.For<IEventAvailabilityGrain>(eventId).SuggestAsync(categoryId, quantity, BestAvailableRowsToTry);
        foreach (var layout in hint.RowsWithBlock)
        {
            var held = await RowGrain(eventId, layout).TryHoldAdjacentAsync(reservationId, quantity, expiresAt);
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

    private ISeatRowGrain RowGrain(string eventId, RowLayout layout) => grains.For<ISeatRowGrain>(SeatRowKey.For(eventId, layout.SectionId, layout.RowId));

    private sealed record Acquired(IReadOnlyList<string> SeatIds, long Amount, DomainError? Error)
    {
        public static Acquired Fail(DomainError error) => new([], 0, error);
    }
}
