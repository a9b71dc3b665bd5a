using System.Diagnostics.CodeAnalysis;

namespace Ticketing.Payments;

/// <summary>Every <see cref="IPaymentProvider"/> registered in DI, by name (case-insensitive).</summary>
public sealed class PaymentProviderRegistry : IPaymentProviderRegistry
{
    private readonly Dictionary<string, IPaymentProvider> _providers = new(StringComparer.OrdinalIgnoreCase);

    public PaymentProviderRegistry(IEnumerable<IPaymentProvider> providers, IEnumerable<PaymentProviderRegistration> registrations)
    {
        // A provider registered both with and without a name resolves to the same singleton twice.
        var all = providers.Distinct().ToList();
        foreach (var registration in registrations)
        {
            // The name is also the webhook path (/payments/webhooks/{name}) and the provider stamps it on its events,
            // so a registration name that differs from the provider's own would split one provider in two.
            var provider = all.FirstOrDefault(p => p.GetType() == registration.ProviderType);
            if (provider is null || !string.Equals(provider.Name, registration.Name, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"Payment provider {registration.ProviderType.Name} is registered as '{registration.Name}' but its Name is '{provider?.Name}'; they must be the same.");
            }
        }

        foreach (var provider in all)
        {
            if (!_providers.TryAdd(provider.Name, provider))
            {
                throw new InvalidOperationException(
                    $"Payment providers {_providers[provider.Name].GetType().Name} and {provider.GetType().Name} are both named '{provider.Name}'.");
            }
        }
    }

    public IReadOnlyCollection<string> Names => [.. _providers.Keys.Order(StringComparer.Ordinal)];

    public bool TryGet(string name, [NotNullWhen(true)] out IPaymentProvider? provider) => _providers.TryGetValue(name, out provider);
}
