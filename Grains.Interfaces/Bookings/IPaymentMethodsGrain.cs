using System.Collections.Immutable;

namespace Ticketing.Bookings;

/// <summary>
/// The payment methods (provider names) the silos accept, so the API (possibly an Orleans client without the
/// providers) can refuse an unknown <c>paymentMethod</c> before anything is created. A stateless worker: local, cheap.
/// </summary>
[Alias("ticketing.IPaymentMethodsGrain")]
public interface IPaymentMethodsGrain : IGrainWithIntegerKey
{
    [ReadOnly]
    Task<ImmutableArray<string>> GetNamesAsync();
}
