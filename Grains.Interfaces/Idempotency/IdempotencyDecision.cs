namespace Ticketing.Idempotency;

[GenerateSerializer, Alias("ticketing.IdempotencyDecision")]
public enum IdempotencyDecision
{
    /// <summary>The caller owns the operation now and runs it with <see cref="IdempotencyBegin.OperationId"/>.</summary>
    Proceed,

    /// <summary>The operation already finished: answer with <see cref="IdempotencyBegin.Response"/>.</summary>
    Replay,

    /// <summary>Another request with this key is running: wait for it.</summary>
    InFlight,

    /// <summary>The key was used with a different request body (422 <c>idempotency_key_reused</c>).</summary>
    KeyReused,
}
