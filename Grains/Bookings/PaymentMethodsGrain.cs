using System.Collections.Immutable;
using Orleans.Concurrency;
using Ticketing.Payments;

namespace Ticketing.Bookings;

/// <summary>The registered provider names, answered by a local stateless worker on whichever silo is nearest.</summary>
[StatelessWorker]
public sealed class PaymentMethodsGrain(IPaymentProviderRegistry registry) : Grain, IPaymentMethodsGrain
{
    private readonly ImmutableArray<string> _names = [.. registry.Names.Order(StringComparer.Ordinal)];

    public Task<ImmutableArray<string>> GetNamesAsync() => Task.FromResult(_names);
}
