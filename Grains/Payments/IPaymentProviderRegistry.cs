using System.Diagnostics.CodeAnalysis;

namespace Ticketing.Payments;

/// <summary>The payment providers registered in DI, by the name clients pass as <c>paymentMethod</c>.</summary>
public interface IPaymentProviderRegistry
{
    IReadOnlyCollection<string> Names { get; }

    bool TryGet(string name, [NotNullWhen(true)] out IPaymentProvider? provider);
}
