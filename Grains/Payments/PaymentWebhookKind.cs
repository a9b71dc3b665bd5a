namespace Ticketing.Payments;

public enum PaymentWebhookKind
{
    /// <summary>An asynchronous charge completed: money taken.</summary>
    ChargeSucceeded,

    /// <summary>An asynchronous charge failed: nothing taken.</summary>
    ChargeFailed,

    /// <summary>A charge was refunded (possibly from the provider's dashboard).</summary>
    ChargeRefunded,

    /// <summary>Verified but not an event the product handles; acknowledged and ignored.</summary>
    Ignored,
}
