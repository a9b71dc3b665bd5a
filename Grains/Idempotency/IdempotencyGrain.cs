using System.Collections.Immutable;
using Orleans.Storage;
using Ticketing.Common;

namespace Ticketing.Idempotency;

/// <summary>
/// One idempotency key. Non-reentrant, so two Begins never both Proceed; <see cref="WaitAsync"/> interleaves and
/// parks waiters on a completion source that <see cref="CompleteAsync"/> / <see cref="AbandonAsync"/> resolve.
/// Nearly every key is new, so the first Begin of an activation records the key as an insert without reading first:
/// storage refuses a write without an ETag when the key has a record, and only then is the record read. That saves
/// every confirmation a database read.
/// </summary>
public sealed class IdempotencyGrain(TimeProvider time) : Grain, IIdempotencyGrain, IRemindable
{
    /// <summary>The stored state's name: the silo's clean-up deletes records of this name older than <see cref="Retention"/>.</summary>
    public const string StateName = "idempotency";

    /// <summary>How long a key is remembered (SPEC section 7: at least 24 hours).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>
    /// How long an attempt owns the key before another request may take it over (same operation id, so the
    /// takeover resumes the attempt). Longer than any single booking saga call.
    /// </summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(45);

    /// <summary>
    /// Earlier versions registered one per key; those still fire once and clean up. New keys need none: the silo's
    /// clean-up sweeps old records from storage, and a record found past its retention is cleared on first use.
    /// </summary>
    private const string CleanupReminder = "idempotency-cleanup";

    private TaskCompletionSource<IdempotentResponse?>? _settled;
    private LazyGrainState<IdempotencyState>? _state;

    private LazyGrainState<IdempotencyState> Stored => _state ??= new(GrainContext, StateName, StorageNames.Tickets);

    public async Task<IdempotencyBegin> BeginAsync(string fingerprint)
    {
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        var now = time.GetUtcNow();
        if (!Stored.IsLoaded && await TryInsertAsync(fingerprint, now) is { } inserted)
        {
            return inserted;
        }

        await Stored.LoadAsync();
        var s = Stored.State;
        if (s.Status != IdempotencyStatus.None && now - s.CreatedAt >= Retention)
        {
            await Stored.ClearStateAsync();
            s = Stored.State;
        }

        if (s.Status == IdempotencyStatus.None)
        {
            s.Status = IdempotencyStatus.InFlight;
            s.Fingerprint = fingerprint;
            s.OperationId = Ids.New();
            s.CreatedAt = now;
            s.LeaseUntil = now + Lease;
            await Stored.WriteOrForgetAsync();
            return new IdempotencyBegin(IdempotencyDecision.Proceed, s.OperationId, null, OperationIdIsNew: true);
        }

        if (!string.Equals(s.Fingerprint, fingerprint, StringComparison.Ordinal))
        {
            return new IdempotencyBegin(IdempotencyDecision.KeyReused, null, null);
        }

        switch (s.Status)
        {
            case IdempotencyStatus.Completed:
                return new IdempotencyBegin(IdempotencyDecision.Replay, s.OperationId, StoredResponse());
            case IdempotencyStatus.InFlight when now < s.LeaseUntil:
                return new IdempotencyBegin(IdempotencyDecision.InFlight, s.OperationId, null);
            default:
                // Abandoned, or the owner's lease lapsed (its process may have died): take over under the same id
                // (set to a fresh one by a non-resumable abandon).
                s.Status = IdempotencyStatus.InFlight;
                var minted = s.OperationId is null;
                s.OperationId ??= Ids.New();
                s.LeaseUntil = now + Lease;
                await Stored.WriteOrForgetAsync();
                return new IdempotencyBegin(IdempotencyDecision.Proceed, s.OperationId, null, minted);
        }
    }

    /// <summary>The key recorded in flight by an insert; null when storage says the key already has a record.</summary>
    private async Task<IdempotencyBegin?> TryInsertAsync(string fingerprint, DateTimeOffset now)
    {
        Stored.StartEmpty();
        var s = Stored.State;
        s.Status = IdempotencyStatus.InFlight;
        s.Fingerprint = fingerprint;
        s.OperationId = Ids.New();
        s.CreatedAt = now;
        s.LeaseUntil = now + Lease;
        try
        {
            await Stored.WriteOrForgetAsync();
            return new IdempotencyBegin(IdempotencyDecision.Proceed, s.OperationId, null, OperationIdIsNew: true);
        }
        catch (InconsistentStateException)
        {
            // Forgotten already: the caller reads the record and decides from it.
            return null;
        }
    }

    public async Task<IdempotentResponse?> WaitAsync(TimeSpan timeout)
    {
        await Stored.LoadAsync();
        switch (Stored.State.Status)
        {
            case IdempotencyStatus.Completed:
                return StoredResponse();
            case not IdempotencyStatus.InFlight:
                return null;
        }

        _settled ??= new TaskCompletionSource<IdempotentResponse?>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            // Real time on purpose: this bounds how long an HTTP request waits, not a domain deadline.
            return await _settled.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    public async Task CompleteAsync(string operationId, IdempotentResponse response)
    {
        await Stored.LoadAsync();
        var s = Stored.State;
        if (s.Status == IdempotencyStatus.Completed || !string.Equals(s.OperationId, operationId, StringComparison.Ordinal))
        {
            // A late duplicate of an attempt that was taken over: the first final answer stands.
            Settle(s.Status == IdempotencyStatus.Completed ? StoredResponse() : null);
            return;
        }

        s.Status = IdempotencyStatus.Completed;
        s.ResponseStatusCode = response.StatusCode;
        s.ResponseContentType = response.ContentType;
        s.ResponseBody = response.Body;
        s.ResponseHeaders = new Dictionary<string, string>(response.Headers, StringComparer.OrdinalIgnoreCase);
        await Stored.WriteOrForgetAsync();
        Settle(StoredResponse());

        // The answer is stored and handed to whoever waited: a replay (rare) reads it back, so the activation need not
        // stay for Orleans' 15-minute idle collection with one record per confirmation of the sale.
        DeactivateOnIdle();
    }

    public async Task AbandonAsync(string operationId, bool resumable)
    {
        await Stored.LoadAsync();
        var s = Stored.State;
        if (s.Status != IdempotencyStatus.InFlight || !string.Equals(s.OperationId, operationId, StringComparison.Ordinal))
        {
            return;
        }

        s.Status = IdempotencyStatus.Abandoned;
        if (!resumable)
        {
            s.OperationId = null;
        }

        await Stored.WriteOrForgetAsync();
        Settle(null);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != CleanupReminder)
        {
            return;
        }

        await Stored.LoadAsync();
        if (Stored.State.Status == IdempotencyStatus.None || time.GetUtcNow() - Stored.State.CreatedAt >= Retention)
        {
            await Stored.ClearStateAsync();
            if (await this.GetReminder(CleanupReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            DeactivateOnIdle();
        }
    }

    private IdempotentResponse StoredResponse()
    {
        var s = Stored.State;
        return new IdempotentResponse(
            s.ResponseStatusCode ?? 500,
            s.ResponseContentType ?? "application/json",
            s.ResponseBody ?? "",
            s.ResponseHeaders.ToImmutableDictionary(StringComparer.OrdinalIgnoreCase));
    }

    private void Settle(IdempotentResponse? response)
    {
        var settled = _settled;
        _settled = null;
        settled?.TrySetResult(response);
    }
}
