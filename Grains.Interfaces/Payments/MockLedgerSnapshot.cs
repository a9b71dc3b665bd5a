using System.Collections.Immutable;

namespace Ticketing.Payments;

[GenerateSerializer, Immutable, Alias("ticketing.MockLedgerSnapshot")]
public sealed record MockLedgerSnapshot([property: Id(0)] ImmutableArray<MockCharge> Charges, [property: Id(1)] ImmutableArray<MockRefund> Refunds);
