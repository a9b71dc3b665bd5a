using System.Collections.Immutable;
using Ticketing.Common;

namespace Ticketing.Idempotency;

/// <summary>
/// One idempotency key. Non-reentrant, so two Begins never both Proceed; <see cref="WaitAsync"/> interleaves and
/// parks waiters on a completion source that <see cref="CompleteAsync"/> / <see cref="AbandonAsync"/> resolve.
/// </summary>
public sealed class IdempotencyGrain(
    [PersistentState(IdempotencyGrain.StateName, StorageNames.Tickets)] IPersistentState<IdempotencyState> state,
    TimeProvider time) : Grain, IIdempotencyGrain, IRemindable
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

    public async Task<IdempotencyBegin> BeginAsync(string fingerprint)
    {
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        var now = time.GetUtcNow();
        var s = state.State;
        if (s.Status != IdempotencyStatus.None && now - s.CreatedAt >= Retention)
        {
            await state.ClearStateAsync();
            s = state.State;
        }

        if (s.Status == IdempotencyStatus.None)
        {
            s.Status = IdempotencyStatus.InFlight;
            s.Fingerprint = fingerprint;
            s.OperationId = Ids.New();
            s.CreatedAt = now;
            s.LeaseUntil = now + Lease;
            await state.WriteOrRevertAsync(this);
            return new IdempotencyBegin(IdempotencyDecision.Proceed, s.OperationId, null);
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
                s.OperationId ??= Ids.New();
                s.LeaseUntil = now + Lease;
                await state.WriteOrRevertAsync(this);
                return new IdempotencyBegin(IdempotencyDecision.Proceed, s.OperationId, null);
        }
    }

    public async Task<IdempotentResponse?> WaitAsync(TimeSpan timeout)
    {
        switch (state.State.Status)
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
        var s = state.State;
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
        await state.WriteOrRevertAsync(this);
        Settle(StoredResponse());
    }

    public async Task AbandonAsync(string operationId, bool resumable)
    {
        var s = state.State;
        if (s.Status != IdempotencyStatus.InFlight || !string.Equals(s.OperationId, operationId, StringComparison.Ordinal))
        {
            return;
        }

        s.Status = IdempotencyStatus.Abandoned;
        if (!resumable)
        {
            s.OperationId = null;
        }

        await state.WriteOrRevertAsync(this);
        Settle(null);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != CleanupReminder)
        {
            return;
        }

        if (state.State.Status == IdempotencyStatus.None || time.GetUtcNow() - state.State.CreatedAt >= Retention)
        {
            await state.ClearStateAsync();
            if (await this.GetReminder(CleanupReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            DeactivateOnIdle();
        }
    }

    private IdempotentResponse StoredResponse()
    {
        var s = state.State;
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
