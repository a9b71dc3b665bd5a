namespace Ticketing.Payments;

public sealed record RefundResult(bool Succeeded, string? RefundId, string? Reason = null);
