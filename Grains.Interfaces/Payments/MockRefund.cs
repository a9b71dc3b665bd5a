namespace Ticketing.Payments;

[GenerateSerializer, Immutable, Alias("ticketing.MockRefund")]
public sealed record MockRefund(
    [property: Id(0)] string RefundKey,
    [property: Id(1)] string RefundId,
    [property: Id(2)] string TransactionId,
    [property: Id(3)] long Amount,
    [property: Id(4)] DateTimeOffset CreatedAt);
