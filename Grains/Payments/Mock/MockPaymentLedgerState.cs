namespace Ticketing.Payments.Mock;

[GenerateSerializer]
public sealed class MockPaymentLedgerState
{
    [Id(0)] public Dictionary<string, MockCharge> Charges { get; set; } = [];
    [Id(1)] public Dictionary<string, MockRefund> Refunds { get; set; } = [];
}
