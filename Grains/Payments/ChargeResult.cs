namespace Ticketing.Payments;

public sealed record ChargeResult(ChargeStatus Status, string? TransactionId, string? Reason = null)
{
    public static ChargeResult Succeeded(string transactionId) => new(ChargeStatus.Succeeded, transactionId);

    public static ChargeResult Declined(string reason, string? transactionId = null) => new(ChargeStatus.Declined, transactionId, reason);

    public static ChargeResult RequiresAction(string transactionId) => new(ChargeStatus.RequiresAction, transactionId);

    public static ChargeResult Failed(string reason) => new(ChargeStatus.Failed, null, reason);

    public static ChargeResult Unknown(string reason) => new(ChargeStatus.Unknown, null, reason);

    public static readonly ChargeResult NotFound = new(ChargeStatus.NotFound, null);
}
