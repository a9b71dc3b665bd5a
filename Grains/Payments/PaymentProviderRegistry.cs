using System.Diagnostics.CodeAnalysis;

namespace Ticketing.Payments;

/// <summary>Every <see cref="IPaymentProvider"/> registered in DI, by name (case-insensitive).</summary>
public sealed class PaymentProviderRegistry(IEnumerable<IPaymentProvider> providers) : IPaymentProviderRegistry
{
    private readonly Dictionary<string, IPaymentProvider> _providers = providers.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Names => [.. _providers.Keys.Order(StringComparer.Ordinal)];

    public bool TryGet(string name, [NotNullWhen(true)] out IPaymentProvider? provider) => _providers.TryGetValue(name, out provider);
}
