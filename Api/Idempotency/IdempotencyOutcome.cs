using Ticketing.Idempotency;

namespace Ticketing.Api.Idempotency;

/// <summary>
/// What an operation run under an idempotency key produced. Only <paramref name="Final"/> answers are stored for
/// replay (2xx-4xx); a 5xx is not, and <paramref name="Resumable"/> says whether the next request must resume the
/// same operation id (something may have happened) or may start afresh (nothing happened).
/// </summary>
public sealed record IdempotencyOutcome(IdempotentResponse Response, bool Final, bool Resumable);
