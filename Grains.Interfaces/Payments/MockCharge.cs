namespace Ticketing.Payments;

/// <summary>One attempt recorded by the mock provider's ledger, keyed by its idempotency key (the booking id).</summary>
[GenerateSerializer, Immutable, Alias("ticketing.MockCharge")]
public sealed record MockCharge(
    [property: Id(0)] string IdempotencyKey,
    [property: Id(1)] string TransactionId,
    [property: Id(2)] long Amount,
    [property: Id(3)] string Currency,
    [property: Id(4)] MockChargeStatus Status,
    [property: Id(5)] string Token,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] string? Reason);
