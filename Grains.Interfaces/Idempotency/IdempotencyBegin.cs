namespace Ticketing.Idempotency;

/// <param name="OperationId">
/// The id the operation runs under (for bookings: the booking id). Assigned at the first Begin and handed to any
/// request that takes over a crashed or abandoned attempt, so that attempt is resumed, never re-run under a new id.
/// </param>
/// <param name="OperationIdIsNew">
/// True when this Begin made the operation id just now: nothing can be stored under it yet, so the operation's grain
/// may start without reading its state. False for a takeover, which resumes what an earlier attempt stored.
/// </param>
[GenerateSerializer, Immutable, Alias("ticketing.IdempotencyBegin")]
public sealed record IdempotencyBegin(
    [property: Id(0)] IdempotencyDecision Decision,
    [property: Id(1)] string? OperationId,
    [property: Id(2)] IdempotentResponse? Response,
    [property: Id(3)] bool OperationIdIsNew = false);
