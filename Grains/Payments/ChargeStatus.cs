namespace Ticketing.Payments;

public enum ChargeStatus
{
    /// <summary>Money was taken.</summary>
    Succeeded,

    /// <summary>The card or account refused; nothing was taken.</summary>
    Declined,

    /// <summary>The customer must act (3-D Secure etc.); a webhook settles it later.</summary>
    RequiresAction,

    /// <summary>The provider failed; nothing was taken.</summary>
    Failed,

    /// <summary>No answer in time: the charge may or may not exist; ask <see cref="IPaymentProvider.FindChargeAsync"/>.</summary>
    Unknown,

    /// <summary>From <see cref="IPaymentProvider.FindChargeAsync"/>: no charge was made with that key.</summary>
    NotFound,
}
