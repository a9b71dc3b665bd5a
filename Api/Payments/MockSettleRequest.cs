namespace Ticketing.Api.Payments;

/// <summary><c>outcome</c>: <c>succeeded</c> or <c>failed</c>.</summary>
public sealed record MockSettleRequest(string? TransactionId, string? Outcome);
