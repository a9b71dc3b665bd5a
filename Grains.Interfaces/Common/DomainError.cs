using System.Collections.Immutable;

namespace Ticketing.Common;

/// <summary>
/// An expected, explainable refusal (seat taken, hold expired, card declined). Grains return these as values;
/// the API maps <see cref="Code"/> to an HTTP status in one place. Exceptions are for bugs and infrastructure.
/// </summary>
[GenerateSerializer, Immutable, Alias("ticketing.DomainError")]
public sealed record DomainError(
    [property: Id(0)] string Code,
    [property: Id(1)] string Message,
    [property: Id(2)] ImmutableArray<string> UnavailableSeatIds = default,
    [property: Id(3)] ImmutableDictionary<string, string[]>? FieldErrors = null)
{
    public static DomainError Validation(string field, string message)
        => new(DomainErrorCodes.ValidationFailed, message, FieldErrors: ImmutableDictionary<string, string[]>.Empty.Add(field, [message]));

    /// <summary>SPEC section 7: another request with this Idempotency-Key is still running.</summary>
    public static DomainError IdempotencyInFlight()
        => new(DomainErrorCodes.IdempotencyInFlight, "A request with this Idempotency-Key is still being processed; retry shortly.");

    /// <summary>SPEC section 7: the Idempotency-Key was used with another request body.</summary>
    public static DomainError IdempotencyKeyReused()
        => new(DomainErrorCodes.IdempotencyKeyReused, "This Idempotency-Key was already used with a different request body; use a new key for a new request.");

    public static DomainError Validation(IReadOnlyDictionary<string, string[]> errors)
        => new(DomainErrorCodes.ValidationFailed, "The request is not valid.", FieldErrors: errors.ToImmutableDictionary());
}
