namespace Ticketing.Payments;

/// <summary>
/// A <c>services.AddPaymentProvider&lt;T&gt;("name")</c> line: the <c>paymentMethod</c> clients pass for
/// <see cref="ProviderType"/>, checked against the provider's own <see cref="IPaymentProvider.Name"/>.
/// </summary>
public sealed record PaymentProviderRegistration(string Name, Type ProviderType);
