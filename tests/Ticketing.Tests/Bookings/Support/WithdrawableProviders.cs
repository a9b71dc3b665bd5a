using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Ticketing.Payments;

namespace Ticketing.Tests.Bookings.Support;

/// <summary>
/// The silo's payment methods, of which a test can take one out of the configuration and put it back, as an operator
/// editing the settings between two restarts would. Shared by the silos of a test cluster.
/// </summary>
public sealed class WithdrawableProviders
{
    private readonly ConcurrentDictionary<string, bool> _withdrawn = new(StringComparer.OrdinalIgnoreCase);

    public void Withdraw(string name) => _withdrawn[name] = true;

    public void Restore(string name) => _withdrawn.TryRemove(name, out _);

    public IPaymentProviderRegistry Over(IPaymentProviderRegistry configured) => new Registry(configured, _withdrawn);

    private sealed class Registry(IPaymentProviderRegistry configured, ConcurrentDictionary<string, bool> withdrawn) : IPaymentProviderRegistry
    {
        public IReadOnlyCollection<string> Names => [.. configured.Names.Where(name => !withdrawn.ContainsKey(name))];

        public bool TryGet(string name, [NotNullWhen(true)] out IPaymentProvider? provider)
        {
            provider = null;
            return !withdrawn.ContainsKey(name) && configured.TryGet(name, out provider);
        }
    }
}
