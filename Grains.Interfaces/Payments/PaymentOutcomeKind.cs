namespace Ticketing.Payments;

[GenerateSerializer, Alias("ticketing.PaymentOutcomeKind")]
public enum PaymentOutcomeKind
{
    Succeeded,
    Failed,
    Refunded,
}
