using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ticketing.Payments.Mock;
using Ticketing.Payments.Stripe;
using Ticketing.Payments.Webhooks;

namespace Ticketing.Payments;

public static class PaymentServiceCollectionExtensions
{
    /// <summary>
    /// Registers a provider under <paramref name="name"/>, the <c>paymentMethod</c> clients pass and the webhook path's
    /// <c>{provider}</c>: one line per provider. The provider's own <see cref="IPaymentProvider.Name"/> must say the same
    /// (the registry refuses a mismatch when it is built).
    /// </summary>
    public static IServiceCollection AddPaymentProvider<TProvider>(this IServiceCollection services, string name)
        where TProvider : class, IPaymentProvider
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        services.AddSingleton(new PaymentProviderRegistration(name, typeof(TProvider)));
        return services.AddPaymentProvider<TProvider>();
    }

    /// <summary>Registers a provider under its own <see cref="IPaymentProvider.Name"/>.</summary>
    public static IServiceCollection AddPaymentProvider<TProvider>(this IServiceCollection services)
        where TProvider : class, IPaymentProvider
    {
        // Registered twice, the provider is still one singleton, which the registry lists once.
        services.TryAddSingleton<TProvider>();
        services.AddSingleton<IPaymentProvider>(sp => sp.GetRequiredService<TProvider>());
        return services;
    }

    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<IPaymentProviderRegistry, PaymentProviderRegistry>();
        services.TryAddSingleton<IPaymentOutcomeDispatcher, BookingPaymentOutcomeDispatcher>();
        services.AddOptions<MockPaymentOptions>().Bind(configuration.GetSection(MockPaymentOptions.SectionName))
            .Validate(o => !string.IsNullOrEmpty(o.WebhookSecret) && o.WebhookToleranceSeconds > 0, "Payments:Mock needs a WebhookSecret and a positive WebhookToleranceSeconds.")
            .ValidateOnStart();
        var mock = configuration.GetSection(MockPaymentOptions.SectionName).Get<MockPaymentOptions>() ?? new MockPaymentOptions();
        if (mock.Enabled ?? !IsProduction(configuration))
        {
            services.AddPaymentProvider<MockPaymentProvider>(MockPaymentProvider.ProviderName);
        }

        services.AddOptions<StripeOptions>().Bind(configuration.GetSection(StripeOptions.SectionName))
            .Validate(o => !o.IsEnabled || (!string.IsNullOrWhiteSpace(o.SecretKey) && !string.IsNullOrWhiteSpace(o.WebhookSecret)),
                "Stripe is enabled (Payments:Stripe:Enabled, or one of its keys configured) but Payments:Stripe:SecretKey or Payments:Stripe:WebhookSecret is missing.")
            .Validate(o => o.ApiBase is null || Uri.TryCreate(o.ApiBase, UriKind.Absolute, out _), "Payments:Stripe:ApiBase must be an absolute URL.")
            .Validate(o => o.MaxNetworkRetries is >= 0 and <= 5, "Payments:Stripe:MaxNetworkRetries must be between 0 and 5.")
            .ValidateOnStart();
        if ((configuration.GetSection(StripeOptions.SectionName).Get<StripeOptions>() ?? new StripeOptions()).IsEnabled)
        {
            services.AddPaymentProvider<StripePaymentProvider>(StripePaymentProvider.ProviderName);
        }

        return services;
    }

    /// <summary>
    /// The host's environment as its configuration carries it (the generic host's <c>environment</c> key, fed by
    /// <c>DOTNET_ENVIRONMENT</c> or <c>ASPNETCORE_ENVIRONMENT</c>); this runs before the host environment exists.
    /// </summary>
    private static bool IsProduction(IConfiguration configuration)
        => string.Equals(configuration["environment"], "Production", StringComparison.OrdinalIgnoreCase);
}
