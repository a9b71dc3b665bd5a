namespace Ticketing.Payments;

/// <summary>A settled payment as a verified provider webhook reported it.</summary>
[GenerateSerializer, Immutable, Alias("ticketing.PaymentOutcome")]
public sealed record PaymentOutcome(
    [property: Id(0)] string Provider,
    [property: Id(1)] string ProviderEventId,
    [property: Id(2)] PaymentOutcomeKind Kind,
    [property: Id(3)] string? TransactionId,
    [property: Id(4)] string? Reason);
