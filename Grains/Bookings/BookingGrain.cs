using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ticketing.Common;
using Ticketing.Events;
using Ticketing.Payments;
using Ticketing.Reservations;
using Ticketing.Seats;

namespace Ticketing.Bookings;

/// <summary>
/// The booking saga (SPEC section 6). Every step stores its outcome before the next begins, and every step is safe
/// to repeat (the reservation's pin/sell/abort are idempotent per booking id; the provider dedupes by the booking id
/// and by <c>refund-{bookingId}</c>), so a saga resumed after a crash, by a reminder or by the next call, simply runs
/// again from the stored phase. A charge therefore ends in exactly one of: Confirmed (seats sold) or refunded.
/// </summary>
public sealed partial class BookingGrain(
    IPaymentProviderRegistry providers,
    IBookingFaults faults,
    IBookingReferences references,
    TicketCodes ticketCodes,
    BookingBackstop backstop,
    IOptions<BookingOptions> options,
    IOptions<ReservationOptions> reservationOptions,
    TimeProvider time,
    ILogger<BookingGrain> logger) : Grain, IBookingGrain, IBookingPaymentSink, IRemindable, IIncomingGrainCallFilter
{
    private const string SagaReminder = "booking-saga";

    /// <summary>After this long without a settled asynchronous payment the grain stops polling (the webhook may still settle it).</summary>
    private static readonly TimeSpan AwaitingPaymentPollLimit = TimeSpan.FromDays(1);

    private IGrainReminder? _reminder;

    /// <summary>False only while this activation knows no reminder can exist (a new booking not yet pinned).</summary>
    private bool _mayHaveReminder;

    /// <summary>
    /// This activation pinned the booking or sent its charge, so the stored Charging phase is its own: false after a
    /// resume, when the charge is looked up before any is sent (see <see cref="ChargeAsync"/>).
    /// </summary>
    private bool _chargeSentHere;

    /// <summary>This activation sent the booking's charge (its outcome may be unknown).</summary>
    private bool _chargeSent;

    /// <summary>A step wanted the backstop and the host defers it (<see cref="BookingBackstop"/>): registered when the call ends unless the saga finished.</summary>
    private bool _backstopOwed;

    /// <summary>This call answers an idempotent confirmation request: the write that makes its final answer records it.</summary>
    private bool _answeringRequest;

    /// <summary>The trace id of the request <see cref="_answeringRequest"/> answers.</summary>
    private string? _answeringTraceId;

    /// <summary>The token of the confirmation request running now (see <see cref="IBookingGrain.IsRunningAsync"/>).</summary>
    private string? _runningRequest;

    /// <summary>The answer as given, taken when a call that may change an answered booking begins; kept by its first write.</summary>
    private BookingAnswerState? _answerBeforeChange;

    private LazyGrainState<BookingState>? _state;

    private string Id => this.GetPrimaryKeyString();

    /// <summary>Read on first use (see <see cref="LazyGrainState{T}"/>): a booking under an id made for its confirmation starts empty.</summary>
    private LazyGrainState<BookingState> Stored => _state ??= new(GrainContext, "booking", StorageNames.Tickets);

    private BookingState S => Stored.State;

    private IReservationGrain Reservation => GrainFactory.For<IReservationGrain>(S.ReservationId);

    public async Task<BookingResult> ConfirmAsync(ConfirmBooking command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.StartBy is { } startBy && DateTimeOffset.UtcNow > startBy)
        {
            // Queued too long: its caller stops waiting and answers 409 in flight, so running it now would act
            // behind the client's back. Real time on purpose, as the caller's: this bounds a wait, not a domain rule.
            return InFlight();
        }

        // Before the first await, so IsRunningAsync never says "not running" of a request that has started.
        _runningRequest = command.RequestToken;
        try
        {
            return await ConfirmRequestAsync(command);
        }
        finally
        {
            _runningRequest = null;
            _answeringRequest = false;
            _answeringTraceId = null;
        }
    }

    public Task<bool> IsRunningAsync(string requestToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestToken);
        return Task.FromResult(string.Equals(_runningRequest, requestToken, StringComparison.Ordinal));
    }

    private async Task<BookingResult> ConfirmRequestAsync(ConfirmBooking command)
    {
        if (command.BookingIdIsNew && !Stored.IsLoaded)
        {
            // Nothing can be stored under an id made for this call. Were something stored after all (a caller's bug),
            // the first write, without an ETag, is refused by storage rather than overwrite it.
            Stored.StartEmpty();
        }
        else
        {
            await LoadAsync();
        }

        if (S.Phase == BookingPhase.None)
        {
            if (string.IsNullOrWhiteSpace(command.UserId) || string.IsNullOrWhiteSpace(command.ReservationId) || string.IsNullOrWhiteSpace(command.PaymentToken))
            {
                return BookingResult.Fail(DomainError.Validation("command", "userId, reservationId and paymentToken are required."));
            }

            // Checked before anything is stored: an unknown method creates nothing.
            if (!providers.TryGet(command.PaymentMethod, out _))
            {
                return BookingResult.Fail(new DomainError(DomainErrorCodes.UnknownPaymentMethod, $"Unknown payment method '{command.PaymentMethod}'."));
            }

            var now = time.GetUtcNow();
            S.UserId = command.UserId;
            S.ReservationId = command.ReservationId;
            S.PaymentMethod = command.PaymentMethod;
            S.PaymentToken = command.PaymentToken;
            S.Status = BookingStatus.PendingPayment;
            S.PaymentStatus = BookingPaymentStatus.NotStarted;
            S.Phase = BookingPhase.Pinning;
            S.CreatedAt = now;
            S.RequestFingerprint = command.RequestFingerprint;
            S.Attempt = command.Attempt;
            S.RequestTraceId = command.RequestTraceId;
            // Not stored yet: until the reservation is pinned nothing can need resuming, and the pin's outcome is
            // the first thing stored (saving a write on every confirm).
            Note("requested", command.PaymentMethod);
        }
        else if (!string.Equals(S.UserId, command.UserId, StringComparison.Ordinal))
        {
            return NotFound();
        }
        else if (command.RequestFingerprint is { } fingerprint)
        {
            // A repeat of the request that made this booking (SPEC section 7).
            if (!string.Equals(S.RequestFingerprint, fingerprint, StringComparison.Ordinal))
            {
                return BookingResult.Fail(DomainError.IdempotencyKeyReused());
            }

            if (S.AnswerGiven)
            {
                return FirstAnswer() with { Replayed = true, AnsweredTraceId = S.RequestTraceId };
            }

            if (S.RetryInNextAttempt || RetryableFailure)
            {
                if (!S.RetryInNextAttempt)
                {
                    // Failed while no request waited (a reminder finished it): decided once, whatever happens to it later.
                    S.RetryInNextAttempt = true;
                    await SaveAsync();
                }

                // A provider error is not the key's answer: the retry runs afresh, as its own booking (the provider
                // keeps every answer under this booking's charge key, the error too). Started here, so no deadline.
                DeactivateOnIdle();
                return await GrainFactory.For<IBookingGrain>(ConfirmationKey.NextAttempt(Id))
                    .ConfirmAsync(command with { Attempt = S.Attempt + 1, BookingIdIsNew = false, StartBy = null });
            }
        }

        _answeringRequest = command.RequestFingerprint is not null;
        _answeringTraceId = command.RequestTraceId;
        return await GuardAsync(async () =>
        {
            await RunAsync();
            if (_answeringRequest && !S.AnswerGiven && (AnswerIsFinal || (RetryableFailure && !S.RetryInNextAttempt)))
            {
                // Finished before this request asked (a reminder resumed it after a crash): this is the answer now.
                await SaveAsync();
            }
        });
    }

    public async Task<BookingResult> ResumeAsync()
    {
        await LoadAsync();
        NoteAnswerBeforeChange();
        return S.Phase == BookingPhase.None ? NotFound() : await GuardAsync(RunAsync);
    }

    public async Task<BookingSnapshot?> GetAsync()
    {
        await LoadAsync();
        return S.Phase == BookingPhase.None ? null : Snapshot();
    }

    public async Task<BookingResult> CancelAsync(BookingActor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await LoadAsync();
        NoteAnswerBeforeChange();
        if (S.Phase == BookingPhase.None)
        {
            return NotFound();
        }

        var isOwner = string.Equals(actor.UserId, S.UserId, StringComparison.Ordinal);
        var terms = S.EventId is null ? null : await GrainFactory.For<ISaleTermsCacheGrain>(S.EventId).GetAsync();
        var isOrganizer = terms is not null && string.Equals(terms.OrganizerId, actor.UserId, StringComparison.Ordinal);
        if (!isOwner && !isOrganizer && !actor.IsAdmin)
        {
            return NotFound();
        }

        if (S.Status == BookingStatus.Cancelled || (S.Phase == BookingPhase.Refunding && S.RefundTarget == BookingStatus.Cancelled))
        {
            return await GuardAsync(RunAsync);
        }

        if (S.Status != BookingStatus.Confirmed || S.Phase != BookingPhase.Done)
        {
            return BookingResult.Fail(new DomainError(DomainErrorCodes.BookingNotCancellable, $"A {S.Status} booking cannot be cancelled."), Snapshot());
        }

        if (!isOrganizer && !actor.IsAdmin)
        {
            var cutoff = TimeSpan.FromHours(options.Value.CustomerCancellationCutoffHours);
            if (terms is null || time.GetUtcNow() > terms.StartsAt - cutoff)
            {
                return BookingResult.Fail(new DomainError(DomainErrorCodes.BookingNotCancellable,
                    $"Bookings can be cancelled until {options.Value.CustomerCancellationCutoffHours} hours before the event."), Snapshot());
            }
        }

        StartRefund(BookingStatus.Cancelled, failureCode: null, "Cancelled by " + (isOwner ? "the customer" : isOrganizer ? "the organizer" : "an admin") + ".",
            releaseHold: false, returnSeats: true);
        await SaveAsync();
        await EnsureReminderAsync();
        return await GuardAsync(RunAsync);
    }

    public async Task<BookingResult> RefundForEventCancellationAsync()
    {
        await LoadAsync();
        NoteAnswerBeforeChange();
        if (S.Phase == BookingPhase.None)
        {
            return NotFound();
        }

        if (S.Status == BookingStatus.Confirmed && S.Phase == BookingPhase.Done)
        {
            StartRefund(BookingStatus.Cancelled, "event_cancelled", "The event was cancelled.", releaseHold: false, returnSeats: true);
            await SaveAsync();
            await EnsureReminderAsync();
        }

        return await GuardAsync(RunAsync);
    }

    public async Task<TicketVerification> VerifyTicketAsync(string code)
    {
        await LoadAsync();
        if (!ticketCodes.TryVerify(code, out var bookingId, out var seatId) || bookingId != Id || S.Phase == BookingPhase.None)
        {
            return new TicketVerification(false, null, null, null, null, "The code is not a genuine ticket.");
        }

        if (S.Status != BookingStatus.Confirmed || S.Phase != BookingPhase.Done)
        {
            return new TicketVerification(false, Id, S.Reference, S.EventId, seatId, $"The booking is {S.Status}.");
        }

        return TicketSeatIds().Contains(seatId)
            ? new TicketVerification(true, Id, S.Reference, S.EventId, seatId, null)
            : new TicketVerification(false, Id, S.Reference, S.EventId, seatId, "The seat is not part of the booking.");
    }

    public async Task ApplyPaymentOutcomeAsync(PaymentOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        await LoadAsync();
        NoteAnswerBeforeChange();
        if (S.Phase == BookingPhase.None)
        {
            LogUnknownBookingOutcome(Id, outcome.Kind.ToString());
            return;
        }

        switch (outcome.Kind)
        {
            case PaymentOutcomeKind.Succeeded:
                await SettleSucceededAsync(outcome.TransactionId, "webhook");
                break;
            case PaymentOutcomeKind.Failed:
                await SettleFailedAsync(outcome.Reason, "webhook");
                break;
            case PaymentOutcomeKind.Refunded:
                await SettleRefundedByProviderAsync();
                break;
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != SagaReminder)
        {
            return;
        }

        await LoadAsync();
        NoteAnswerBeforeChange();
        switch (S.Phase)
        {
            case BookingPhase.AwaitingPayment:
            case BookingPhase.Done when MaySettleLate:
                await PollAwaitingPaymentAsync();
                return;
            case BookingPhase.None or BookingPhase.Done:
                await StopReminderAsync();
                return;
            default:
                LogResuming(Id, S.Phase.ToString());
                await GuardAsync(RunAsync);
                return;
        }
    }

    // ---- the saga ---------------------------------------------------------------------------------------------

    private async Task RunAsync()
    {
        while (true)
        {
            var proceed = S.Phase switch
            {
                BookingPhase.Pinning => await PinAsync(),
                BookingPhase.Charging => await ChargeAsync(),
                BookingPhase.Charged => await SellAndConfirmAsync(),
                BookingPhase.Refunding => await RefundAsync(),
                _ => false,
            };
            if (!proceed)
            {
                return;
            }
        }
    }

    private async Task<bool> PinAsync()
    {
        var pinned = await Reservation.BeginConfirmationAsync(S.UserId, Id);
        if (!pinned.Succeeded)
        {
            await FinishAsync(BookingStatus.Failed, pinned.Error!.Code, pinned.Error.Message);
            return false;
        }

        var r = pinned.Reservation!;
        S.EventId = r.EventId;
        S.SeatIds = [.. r.SeatIds];
        S.GeneralAdmissionCategoryId = r.GeneralAdmissionCategoryId;
        S.Quantity = r.Quantity;
        S.Amount = r.Amount;
        S.Currency = r.Currency;
        S.PinnedUntil = r.ExpiresAt;
        S.PaymentStatus = BookingPaymentStatus.Pending;
        S.Phase = BookingPhase.Charging;
        // Drawn now, stored with the pin (shown only once confirmed): a saga resumed after its reference was claimed
        // claims the same one again instead of leaving it claimed by nobody's booking.
        S.Reference ??= references.Next();
        Note("pinned", r.ExpiresAt.ToString("O"));
        // From here money may move: the outcome is stored and the backstop reminder set before the charge (or, where the
        // host's reminders die with it, owed until this call ends; see BookingBackstop).
        await Task.WhenAll(SaveAsync(), EnsureReminderAsync());
        _chargeSentHere = true;
        await faults.AtAsync(BookingFaultPoints.AfterPinBeforeCharge, Id);
        return true;
    }

    private async Task<bool> ChargeAsync()
    {
        if (!providers.TryGet(S.PaymentMethod, out var provider))
        {
            if (!_chargeSentHere || _chargeSent)
            {
                // A charge may exist (a resume, or one sent here whose outcome is unknown) and nobody can ask: never
                // call that "nothing was charged". The saga waits at Charging, its reminder asking again, until the
                // method is configured again; the hold runs out meanwhile and a charge found then is refunded.
                LogProviderMissing(Id, S.PaymentMethod);
                return false;
            }

            S.PaymentStatus = BookingPaymentStatus.Failed;
            await AbortHoldAsync(releaseSeats: false);
            await FinishAsync(BookingStatus.Failed, DomainErrorCodes.PaymentProviderError, $"Payment method '{S.PaymentMethod}' is no longer available.");
            return false;
        }

        ChargeResult? result = null;
        if (!_chargeSentHere)
        {
            // Resumed at Charging (a crash, a lost silo, a failed call): the charge may exist already, since a
            // successful one is not stored on its own. Ask first rather than trust a repeat's answer: a provider
            // can refuse a second use of the same card details, or forget the idempotency key after a day. When the
            // provider cannot tell (Stripe's search lags behind its charges), the charge is sent under the same key.
            var found = await FindChargeAsync(provider);
            if (found.Status is not (ChargeStatus.NotFound or ChargeStatus.Failed or ChargeStatus.Unknown))
            {
                result = found;
            }
        }

        _chargeSentHere = true;
        _chargeSent |= result is null;
        result ??= await SendChargeAsync(provider);
        if (result.Status == ChargeStatus.Unknown)
        {
            // The charge may or may not exist: ask before deciding anything.
            Note("charge-outcome-unknown", result.Reason);
            result = await FindChargeAsync(provider);
        }

        return await ActOnChargeAsync(result);
    }

    private async Task<ChargeResult> SendChargeAsync(IPaymentProvider provider)
    {
        ChargeResult result;
        using (var cts = new CancellationTokenSource(PaymentCallTimeout))
        {
            try
            {
                result = await provider.ChargeAsync(
                    new ChargeRequest(Id, S.Amount, S.Currency ?? "", S.UserId, S.PaymentToken, $"Booking {Id} (reservation {S.ReservationId})"), cts.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or TimeoutException or IOException)
            {
                result = ChargeResult.Unknown(ex.GetType().Name);
            }
        }

        return result;
    }

    private async Task<bool> ActOnChargeAsync(ChargeResult result)
    {
        switch (result.Status)
        {
            case ChargeStatus.Succeeded:
                // Not stored here: every way on from Charged stores before it answers (sold, refunding, failed), and a
                // crash before that leaves the stored phase at Charging, whose resume charges again under the same
                // idempotency key and gets this same charge back from the provider. One write less per booking.
                await RecordChargedAsync(result.TransactionId, asynchronously: false, store: false);
                return true;
            case ChargeStatus.Declined:
                S.TransactionId = result.TransactionId ?? S.TransactionId;
                S.PaymentStatus = BookingPaymentStatus.Declined;
                await AbortHoldAsync(releaseSeats: false);
                await FinishAsync(BookingStatus.Failed, DomainErrorCodes.PaymentDeclined, result.Reason ?? "The payment was declined.");
                return false;
            case ChargeStatus.Failed or ChargeStatus.NotFound:
                S.PaymentStatus = BookingPaymentStatus.Failed;
                await AbortHoldAsync(releaseSeats: false);
                await FinishAsync(BookingStatus.Failed, DomainErrorCodes.PaymentProviderError, result.Reason ?? "The payment provider could not take the payment; nothing was charged.");
                return false;
            case ChargeStatus.RequiresAction:
                S.TransactionId = result.TransactionId;
                S.PaymentAction = result.Action;
                S.Phase = BookingPhase.AwaitingPayment;
                S.AwaitingSince = time.GetUtcNow();
                Note("awaiting-payment", result.TransactionId);
                await IndexForUserAsync();
                await SaveAsync();
                return false;
            default:
                // Still unknown: stay in Charging; the reminder (or the next call) charges again with the same key.
                LogChargeUnknown(Id);
                return false;
        }
    }

    private async Task<ChargeResult> FindChargeAsync(IPaymentProvider provider)
    {
        using var cts = new CancellationTokenSource(PaymentCallTimeout);
        try
        {
            return await provider.FindChargeAsync(Id, cts.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or TimeoutException or IOException)
        {
            return ChargeResult.Unknown(ex.GetType().Name);
        }
    }

    private async Task RecordChargedAsync(string? transactionId, bool asynchronously, bool store = true)
    {
        S.TransactionId = transactionId ?? S.TransactionId;
        S.PaymentStatus = BookingPaymentStatus.Succeeded;
        S.PaymentAction = null;
        S.SettledAsynchronously |= asynchronously;
        S.Reference ??= references.Next();
        S.Phase = BookingPhase.Charged;
        Note("charged", S.TransactionId);
        if (store)
        {
            await SaveAsync();
        }

        await faults.AtAsync(BookingFaultPoints.AfterChargeBeforeSell, Id);
    }

    private async Task<bool> SellAndConfirmAsync()
    {
        if (!S.LatePayment)
        {
            var sold = await Reservation.CompleteConfirmationAsync(Id);
            if (!sold.Succeeded)
            {
                if (!S.SettledAsynchronously)
                {
                    StartRefund(BookingStatus.Refunded, sold.Error!.Code, sold.Error.Message, releaseHold: true, returnSeats: true);
                    await SaveAsync();
                    return true;
                }

                // An asynchronous payment that settled after its hold was gone: the event's late-payment policy decides.
                S.LatePayment = true;
                Note("hold-lost", sold.Error!.Code);
                await SaveAsync();
            }
        }

        if (S.LatePayment && !await AcceptLatePaymentAsync())
        {
            StartRefund(BookingStatus.Failed, DomainErrorCodes.ReservationExpired, "The payment completed after the hold had been released; it was refunded.",
                releaseHold: true, returnSeats: true);
            await SaveAsync();
            return true;
        }

        Note("sold", null);
        await faults.AtAsync(BookingFaultPoints.AfterSellBeforeConfirm, Id);
        // Independent, idempotent index writes: side by side to keep the confirm fast.
        var shard = S.EventId is null
            ? Task.FromResult(false)
            : GrainFactory.For<IEventBookingShardGrain>(EventBookingsKey.ShardFor(S.EventId, Id)).AddAsync(Id);
        await Task.WhenAll(ClaimReferenceAsync(), IndexForUserAsync(), shard);
        var eventRefunding = await shard;

        S.Status = BookingStatus.Confirmed;
        S.Phase = BookingPhase.Done;
        S.FailureCode = null;
        S.FailureMessage = null;
        Note("confirmed", S.Reference);
        LogConfirmed(Id, S.Reference!);
        if (eventRefunding)
        {
            // Confirmed after the event's refund run collected its bookings: refund ourselves, as the run would have.
            StartRefund(BookingStatus.Cancelled, "event_cancelled", "The event was cancelled.", releaseHold: false, returnSeats: true);
            await SaveAsync();
            return true;
        }

        await SaveAsync();
        await StopReminderAsync();
        return false;
    }

    /// <summary>The late-payment policy: sell the same seats only if every one is free right now, else refund.</summary>
    private async Task<bool> AcceptLatePaymentAsync()
    {
        if (S.EventId is null)
        {
            return false;
        }

        var terms = await GrainFactory.For<ISaleTermsCacheGrain>(S.EventId).GetAsync();
        if (terms is null || terms.LatePaymentPolicy != LatePaymentPolicy.AcceptIfAvailable || terms.Status == EventStatus.Cancelled)
        {
            return false;
        }

        if (S.GeneralAdmissionCategoryId is { } category)
        {
            var ga = await GrainFactory.For<IGeneralAdmissionGrain>(GeneralAdmissionKey.For(S.EventId, category)).SellIfAvailableAsync(Id, S.Quantity);
            return ga.Succeeded;
        }

        // Row by row in seat order; a refusal leaves earlier rows sold to this booking, which the refund returns to sale.
        foreach (var (rowKey, numbers) in SeatsByRow())
        {
            var sold = await GrainFactory.For<ISeatRowGrain>(rowKey).SellIfAvailableAsync(Id, numbers);
            if (!sold.Succeeded)
            {
                return false;
            }
        }

        Note("late-payment-accepted", null);
        return true;
    }

    private async Task<bool> RefundAsync()
    {
        if (S.PaymentStatus == BookingPaymentStatus.Succeeded)
        {
            if (!providers.TryGet(S.PaymentMethod, out var provider))
            {
                LogRefundFailed(Id, "provider not registered");
                return false;
            }

            RefundResult refund;
            using (var cts = new CancellationTokenSource(PaymentCallTimeout))
            {
                try
                {
                    refund = await provider.RefundAsync(
                        new RefundRequest("refund-" + Id, S.TransactionId ?? "", null, S.Currency ?? "", S.FailureMessage ?? "Booking not completed."), cts.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or TimeoutException or IOException)
                {
                    refund = new RefundResult(false, null, ex.GetType().Name);
                }
            }

            if (!refund.Succeeded)
            {
                // Stay in Refunding: the reminder retries with the same refund key.
                LogRefundFailed(Id, refund.Reason ?? "unknown");
                return false;
            }

            S.RefundId = refund.RefundId;
            S.PaymentStatus = BookingPaymentStatus.Refunded;
            Note("refunded", refund.RefundId);
            await SaveAsync();
            await faults.AtAsync(BookingFaultPoints.AfterRefundBeforeRelease, Id);
        }

        if (S.ReleaseHold)
        {
            await AbortHoldAsync(releaseSeats: true);
        }

        if (S.ReturnSeats)
        {
            await ReturnSeatsAsync();
        }

        S.Status = S.RefundTarget;
        S.Phase = BookingPhase.Done;
        Note(S.RefundTarget == BookingStatus.Cancelled ? "cancelled" : "closed", S.FailureCode);
        await SaveAsync();
        await StopReminderAsync();
        return false;
    }

    // ---- asynchronous settlement ------------------------------------------------------------------------------

    private async Task SettleSucceededAsync(string? transactionId, string source)
    {
        if (S.PaymentStatus is BookingPaymentStatus.NotStarted or BookingPaymentStatus.Succeeded or BookingPaymentStatus.Refunded)
        {
            return; // a repeat, or nothing was charged for this booking yet
        }

        if (S.Phase == BookingPhase.Done)
        {
            // We had given up on this payment (released the hold) and it succeeded after all.
            S.LatePayment = true;
        }

        Note("payment-settled", source);
        await EnsureReminderAsync();
        await RecordChargedAsync(transactionId, asynchronously: true);
        await GuardAsync(RunAsync);
    }

    private async Task SettleFailedAsync(string? reason, string source)
    {
        if (MaySettleLate)
        {
            // Given up on at the end of the payment window; now the provider says it never took the money either.
            S.PaymentStatus = BookingPaymentStatus.Declined;
            Note("payment-failed", source);
            await SaveAsync();
            await StopReminderAsync();
            return;
        }

        if (S.Phase != BookingPhase.AwaitingPayment)
        {
            return;
        }

        S.PaymentStatus = BookingPaymentStatus.Declined;
        Note("payment-failed", source);
        await AbortHoldAsync(releaseSeats: false);
        await FinishAsync(BookingStatus.Failed, DomainErrorCodes.PaymentDeclined, reason ?? "The payment was not completed.");
    }

    private async Task SettleRefundedByProviderAsync()
    {
        if (S.Status != BookingStatus.Confirmed || S.Phase != BookingPhase.Done)
        {
            return;
        }

        // Refunded outside the product (e.g. the provider's dashboard): no booking stays Confirmed without its payment.
        S.PaymentStatus = BookingPaymentStatus.Refunded;
        StartRefund(BookingStatus.Refunded, "payment_refunded", "The payment was refunded at the provider.", releaseHold: false, returnSeats: true);
        await SaveAsync();
        await EnsureReminderAsync();
        await GuardAsync(RunAsync);
    }

    private async Task PollAwaitingPaymentAsync()
    {
        var pastPollLimit = S.AwaitingSince is { } since && time.GetUtcNow() - since > AwaitingPaymentPollLimit;
        ChargeResult? found = null;
        if (!pastPollLimit && providers.TryGet(S.PaymentMethod, out var provider))
        {
            found = await FindChargeAsync(provider);
        }

        switch (found?.Status)
        {
            case ChargeStatus.Succeeded:
                await SettleSucceededAsync(found.TransactionId, "poll");
                return;
            case ChargeStatus.Declined or ChargeStatus.Failed:
                await SettleFailedAsync(found.Reason, "poll");
                return;
        }

        // Still waiting for the customer, or the provider cannot say (a lagging search, a provider no longer
        // configured). A payment the customer has authorised and the provider is still processing is waited for, up
        // to the poll limit.
        if (S.Phase == BookingPhase.AwaitingPayment && PinHasLapsed && (pastPollLimit || found is not { IsProcessing: true }))
        {
            await GiveUpAwaitingPaymentAsync(keepPolling: !pastPollLimit);
        }
        else if (pastPollLimit)
        {
            await StopReminderAsync();
        }
    }

    /// <summary>
    /// The customer did not finish the payment (3-D Secure abandoned) while the hold was pinned for it: the seats are
    /// already free again in their rows, so the booking fails and the hold ends (or goes back to Active for a retry
    /// if it still has time of its own), instead of both waiting for ever. The charge may still complete at the
    /// provider; the reminder is kept (never removed and set again, so no crash can leave the booking without it)
    /// and goes on polling (<see cref="MaySettleLate"/>), and a late success follows the event's late-payment policy
    /// like any payment that outlived its hold.
    /// </summary>
    private async Task GiveUpAwaitingPaymentAsync(bool keepPolling)
    {
        Note("payment-window-over", S.TransactionId);
        await AbortHoldAsync(releaseSeats: false);
        if (keepPolling)
        {
            await EnsureReminderAsync();
        }

        await FinishAsync(BookingStatus.Failed, DomainErrorCodes.PaymentNotCompleted, "The payment was not completed within the payment window.",
            stopReminder: !keepPolling);
    }

    /// <summary>
    /// The pin the payment had has run out: the reservation's expiry as pinned (the payment window from the pin, or the
    /// hold's own expiry if later). States stored before the pin's expiry was kept count the window from the charge.
    /// </summary>
    private bool PinHasLapsed
        => time.GetUtcNow() >= (S.PinnedUntil ?? S.AwaitingSince?.AddSeconds(reservationOptions.Value.PaymentWindowSeconds) ?? DateTimeOffset.MinValue);

    /// <summary>Given up on at the window's end while the provider still waited: a later outcome may still arrive, and is polled for.</summary>
    private bool MaySettleLate => S is { Phase: BookingPhase.Done, Status: BookingStatus.Failed, PaymentStatus: BookingPaymentStatus.Pending, FailureCode: DomainErrorCodes.PaymentNotCompleted };

    // ---- helpers ----------------------------------------------------------------------------------------------

    private TimeSpan PaymentCallTimeout => TimeSpan.FromSeconds(Math.Clamp(options.Value.PaymentCallTimeoutSeconds, 1, 25));

    private void StartRefund(BookingStatus target, string? failureCode, string message, bool releaseHold, bool returnSeats)
    {
        S.Phase = BookingPhase.Refunding;
        S.RefundTarget = target;
        S.ReleaseHold = releaseHold;
        S.ReturnSeats = returnSeats;
        S.FailureCode = failureCode;
        S.FailureMessage = message;
        Note("refund-started", failureCode ?? message);
    }

    private async Task FinishAsync(BookingStatus status, string failureCode, string message, bool stopReminder = true)
    {
        S.Status = status;
        S.Phase = BookingPhase.Done;
        S.FailureCode = failureCode;
        S.FailureMessage = message;
        S.PaymentAction = null;
        Note("failed", failureCode);
        await SaveAsync();
        if (stopReminder)
        {
            await StopReminderAsync();
        }
    }

    private async Task AbortHoldAsync(bool releaseSeats)
    {
        var aborted = await Reservation.AbortConfirmationAsync(Id, releaseSeats);
        if (!aborted.Succeeded)
        {
            // Already released, expired or taken by another attempt: nothing of ours is pinned any more.
            LogAbortRefused(Id, aborted.Error!.Code);
        }
    }

    private async Task ReturnSeatsAsync()
    {
        if (S.EventId is null)
        {
            return;
        }

        if (S.GeneralAdmissionCategoryId is { } category)
        {
            await GrainFactory.For<IGeneralAdmissionGrain>(GeneralAdmissionKey.For(S.EventId, category)).ReturnToSaleAsync(Id);
            return;
        }

        foreach (var (rowKey, numbers) in SeatsByRow())
        {
            await GrainFactory.For<ISeatRowGrain>(rowKey).ReturnToSaleAsync(Id, numbers);
        }
    }

    private IEnumerable<(string RowKey, ImmutableArray<int> Numbers)> SeatsByRow()
    {
        var eventId = S.EventId!;
        return S.SeatIds
            .Select(id => SeatId.TryParse(id, out var seat) ? seat : throw new InvalidOperationException($"Stored seat id '{id}' is malformed."))
            .Order()
            .GroupBy(seat => SeatRowKey.For(eventId, seat))
            .Select(g => (g.Key, g.Select(seat => seat.Number).ToImmutableArray()));
    }

    private async Task ClaimReferenceAsync()
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            S.Reference ??= references.Next();
            if (await GrainFactory.For<IBookingReferenceGrain>(S.Reference).TryClaimAsync(Id))
            {
                return;
            }

            S.Reference = null;
        }

        throw new InvalidOperationException("Could not find a free booking reference in 20 attempts.");
    }

    private Task IndexForUserAsync() => GrainFactory.For<IUserBookingsGrain>(S.UserId).AddAsync(Id, S.CreatedAt);

    private async Task<BookingResult> GuardAsync(Func<Task> step)
    {
        try
        {
            await step();
        }
        catch
        {
            // Whatever was not stored is forgotten: the next activation reloads the last stored phase and resumes.
            DeactivateOnIdle();
            throw;
        }

        if (S.Phase == BookingPhase.Done)
        {
            // Finished and stored: nothing here needs memory any more. Orleans would keep the activation for its
            // 15-minute idle collection, and a long sale would hold every booking it made; a later read (or a
            // cancellation) activates it again from storage.
            DeactivateOnIdle();
        }

        return Result();
    }

    private BookingResult Result()
    {
        var snapshot = Snapshot();
        return S.Status switch
        {
            BookingStatus.Confirmed or BookingStatus.Cancelled when S.Phase == BookingPhase.Done => BookingResult.Ok(snapshot),
            BookingStatus.PendingPayment when S.Phase == BookingPhase.AwaitingPayment => BookingResult.Ok(snapshot),
            BookingStatus.Failed or BookingStatus.Refunded when S.Phase == BookingPhase.Done => BookingResult.Fail(
                new DomainError(S.FailureCode ?? DomainErrorCodes.PaymentProviderError, S.FailureMessage ?? "The booking did not go through."), snapshot),
            _ => BookingResult.Fail(new DomainError(DomainErrorCodes.BookingInProgress,
                "The booking could not be completed right now; it resumes automatically (at once when retried with the same Idempotency-Key) and its outcome will be one charge with a booking, or none."), snapshot),
        };
    }

    private BookingResult NotFound() => BookingResult.Fail(new DomainError(DomainErrorCodes.BookingNotFound, "The booking was not found."));

    private ImmutableArray<string> TicketSeatIds()
        => S.GeneralAdmissionCategoryId is { } category
            ? [.. Enumerable.Range(1, S.Quantity).Select(n => $"{category}#{n}")]
            : [.. S.SeatIds];

    private BookingSnapshot Snapshot()
    {
        var confirmed = S.Status == BookingStatus.Confirmed && S.Phase == BookingPhase.Done;
        return new BookingSnapshot(
            Id,
            confirmed || S.Status == BookingStatus.Cancelled ? S.Reference : null,
            S.Status,
            S.ReservationId,
            S.EventId,
            S.UserId,
            [.. S.SeatIds],
            S.GeneralAdmissionCategoryId,
            S.Quantity,
            S.Amount,
            S.Currency,
            new BookingPayment(S.PaymentMethod, S.TransactionId, S.PaymentStatus, S.RefundId),
            S.CreatedAt,
            S.UpdatedAt,
            S.FailureCode,
            confirmed ? [.. TicketSeatIds().Select(seat => new BookingTicket(seat, ticketCodes.Create(Id, seat)))] : [],
            [.. S.Timeline.Select(t => new BookingTimelineEntry(t.Step, t.At, t.Detail))],
            S.Phase == BookingPhase.AwaitingPayment ? S.PaymentAction : null);
    }

    private void Note(string step, string? detail)
    {
        var now = time.GetUtcNow();
        S.UpdatedAt = now;
        S.Timeline.Add(new BookingTimelineEntryState { Step = step, At = now, Detail = detail });
    }

    private Task SaveAsync()
    {
        if (S.AnswerGiven && S.FirstAnswer is null && _answerBeforeChange is { } before)
        {
            // The first change after the answer: the answer as given goes with it.
            S.FirstAnswer = before;
        }

        if (_answeringRequest && !S.AnswerGiven)
        {
            // Recorded with the write that makes the answer, so a repeat replays it: no write of its own.
            if (AnswerIsFinal)
            {
                S.AnswerGiven = true;
                S.RequestTraceId = _answeringTraceId ?? S.RequestTraceId;
            }
            else if (RetryableFailure)
            {
                S.RetryInNextAttempt = true;
            }
        }

        return WriteAsync();
    }

    private async Task WriteAsync()
    {
        try
        {
            await Stored.WriteOrForgetAsync();
        }
        catch
        {
            // Whatever this activation holds is now ahead of storage (an outcome, an answer, a kept first answer):
            // it is dropped, and the activation goes, so the next call reloads the last stored state and resumes.
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>Nothing was charged and the provider, not the customer, failed.</summary>
    private bool FailedWithNothingCharged => S is
    {
        Phase: BookingPhase.Done, Status: BookingStatus.Failed, PaymentStatus: BookingPaymentStatus.Failed, FailureCode: DomainErrorCodes.PaymentProviderError,
    };

    /// <summary>A provider error with attempts left: not the key's answer; a retry of the request runs afresh.</summary>
    private bool RetryableFailure => FailedWithNothingCharged && S.Attempt + 1 < ConfirmationKey.MaxAttempts;

    /// <summary>The state is a final answer to the request that made the booking (not 503 in progress, not a provider error to retry).</summary>
    private bool AnswerIsFinal => S.Phase == BookingPhase.AwaitingPayment || (S.Phase == BookingPhase.Done && !RetryableFailure);

    /// <summary>
    /// When a call that may change an answered booking begins: the answer as given, which a repeat of the request must
    /// get again rather than the booking as it is then. Kept by the call's first write (<see cref="SaveAsync"/>); a
    /// call that writes nothing keeps nothing. A payment action's secret is not kept: once anything is written after
    /// a 202, the payment no longer awaits the customer.
    /// </summary>
    private void NoteAnswerBeforeChange()
    {
        if (!S.AnswerGiven || S.FirstAnswer is not null)
        {
            _answerBeforeChange = null;
            return;
        }

        var answer = Result();
        _answerBeforeChange = new BookingAnswerState
        {
            ErrorCode = answer.Error?.Code,
            ErrorMessage = answer.Error?.Message,
            Booking = answer.Booking is { } booking ? booking with { Timeline = [], PaymentAction = null } : null,
        };
    }

    private static BookingResult InFlight() => BookingResult.Fail(DomainError.IdempotencyInFlight());

    /// <summary>The first final answer to the request that made the booking.</summary>
    private BookingResult FirstAnswer()
        => S.FirstAnswer is { } kept
            ? new BookingResult(kept.Booking, kept.ErrorCode is null ? null : new DomainError(kept.ErrorCode, kept.ErrorMessage ?? ""))
            : Result();

    /// <summary>Reads the stored booking on first use; a stored saga may have its backstop reminder registered.</summary>
    private async Task LoadAsync()
    {
        if (!Stored.IsLoaded)
        {
            await Stored.LoadAsync();
            _mayHaveReminder = S.Phase != BookingPhase.None;
        }
    }

    /// <summary>Every call ends here: a backstop a step deferred is registered before the caller hears anything.</summary>
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.Name == nameof(IBookingGrain.IsRunningAsync))
        {
            // Interleaves with a running saga: the saga's own call settles the backstop when it ends.
            await context.Invoke();
            return;
        }

        try
        {
            await context.Invoke();
        }
        finally
        {
            // Owed until the finished saga was stored (StopReminderAsync clears it), so a call that failed anywhere
            // before that, even in the final write, leaves its reminder behind.
            _answerBeforeChange = null;
            if (_backstopOwed)
            {
                await RegisterReminderAsync();
            }
        }
    }

    private Task EnsureReminderAsync()
    {
        if (!backstop.RegisterBeforeMoneyMoves)
        {
            _backstopOwed = true;
            return Task.CompletedTask;
        }

        return RegisterReminderAsync();
    }

    private async Task RegisterReminderAsync()
    {
        _mayHaveReminder = true;
        _reminder = await this.RegisterOrUpdateReminder(SagaReminder, TimeSpan.FromSeconds(Math.Clamp(options.Value.ResumeAfterSeconds, 1, 3600)), TimeSpan.FromMinutes(1));
        _backstopOwed = false;
    }

    private async Task StopReminderAsync()
    {
        _backstopOwed = false;
        if (!_mayHaveReminder)
        {
            return;
        }

        var reminder = _reminder ?? await this.GetReminder(SagaReminder);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }

        _reminder = null;
        _mayHaveReminder = false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Booking {BookingId} confirmed as {Reference}")]
    private partial void LogConfirmed(string bookingId, string reference);

    [LoggerMessage(Level = LogLevel.Error, Message = "Booking {BookingId}: payment method {PaymentMethod} is not configured, and a charge may exist; the saga waits until it is configured again")]
    private partial void LogProviderMissing(string bookingId, string paymentMethod);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Booking {BookingId}: the charge outcome is still unknown; the saga will ask again")]
    private partial void LogChargeUnknown(string bookingId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Booking {BookingId}: refund failed ({Reason}); the saga will retry")]
    private partial void LogRefundFailed(string bookingId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Booking {BookingId}: the reservation refused to abort ({Code})")]
    private partial void LogAbortRefused(string bookingId, string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Booking {BookingId}: resuming the saga from {Phase}")]
    private partial void LogResuming(string bookingId, string phase);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment outcome {Kind} for unknown booking {BookingId} ignored")]
    private partial void LogUnknownBookingOutcome(string bookingId, string kind);
}
