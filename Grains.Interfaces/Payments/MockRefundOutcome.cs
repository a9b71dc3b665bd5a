namespace Ticketing.Payments;

[GenerateSerializer, Immutable, Alias("ticketing.MockRefundOutcome")]
public sealed record MockRefundOutcome([property: Id(0)] MockRefund? Refund, [property: Id(1)] string? Error);
