using Ticketing.Common;
using Ticketing.Idempotency;

namespace Ticketing.Api.Idempotency;

/// <summary>The answer to send: a response (<paramref name="Replayed"/> if it is a stored one) or a refusal of the key.</summary>
public sealed record IdempotencyReply(IdempotentResponse? Response, bool Replayed, DomainError? Refusal);
