namespace Ticketing.Payments;

[GenerateSerializer, Alias("ticketing.MockChargeStatus")]
public enum MockChargeStatus
{
    Succeeded,
    Pending,
    Failed,
    Declined,
}
