namespace Ticketing.Payments;

/// <param name="Action">With <see cref="ChargeStatus.RequiresAction"/>: what the customer's app must do, if the provider says.</param>
public sealed record ChargeResult(ChargeStatus Status, string? TransactionId, string? Reason = null, PaymentAction? Action = null)
{
    public static ChargeResult Succeeded(string transactionId) => new(ChargeStatus.Succeeded, transactionId);

    public static ChargeResult Declined(string reason, string? transactionId = null) => new(ChargeStatus.Declined, transactionId, reason);

    public static ChargeResult RequiresAction(string transactionId, PaymentAction? action = null) => new(ChargeStatus.RequiresAction, transactionId, Action: action);

    /// <summary>Not settled yet, but nothing is asked of the customer any more: the provider is processing the payment.</summary>
    public static ChargeResult Processing(string transactionId) => new(ChargeStatus.RequiresAction, transactionId) { IsProcessing = true };

    /// <summary>With <see cref="ChargeStatus.RequiresAction"/>: the customer has done their part and only the provider is still at work.</summary>
    public bool IsProcessing { get; init; }

    public static ChargeResult Failed(string reason) => new(ChargeStatus.Failed, null, reason);

    public static ChargeResult Unknown(string reason) => new(ChargeStatus.Unknown, null, reason);

    public static readonly ChargeResult NotFound = new(ChargeStatus.NotFound, null);
}
