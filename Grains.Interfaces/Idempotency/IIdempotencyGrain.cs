namespace Ticketing.Idempotency;

/// <summary>
/// One idempotency key (key: <see cref="IdempotencyKey.GrainKeyFor"/>), kept 24 hours (SPEC section 7): the request
/// fingerprint, the operation id, whether the operation is in flight or completed, and its final response.
/// </summary>
[Alias("ticketing.IIdempotencyGrain")]
public interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>
    /// Claims the key for a request with this fingerprint: Proceed (first use, or taking over an attempt whose lease
    /// lapsed or that was abandoned), Replay, InFlight or KeyReused.
    /// </summary>
    Task<IdempotencyBegin> BeginAsync(string fingerprint);

    /// <summary>
    /// Waits (at most <paramref name="timeout"/>) for the request in flight to complete or be abandoned. Returns the
    /// final response, or null if there is none yet (timed out or abandoned: call <see cref="BeginAsync"/> again).
    /// Interleaves so waiters never queue behind each other or behind the owner.
    /// </summary>
    [AlwaysInterleave]
    Task<IdempotentResponse?> WaitAsync(TimeSpan timeout);

    /// <summary>Stores the final response of the operation for replay and wakes the waiters.</summary>
    Task CompleteAsync(string operationId, IdempotentResponse response);

    /// <summary>
    /// The attempt produced no final answer (5xx). With <paramref name="resumable"/> the operation id is kept so the
    /// next request resumes it; otherwise (nothing happened that needs resuming) the next request starts afresh.
    /// </summary>
    Task AbandonAsync(string operationId, bool resumable);
}
