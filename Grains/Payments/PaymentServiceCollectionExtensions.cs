using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ticketing.Payments.Mock;
using Ticketing.Payments.Stripe;
using Ticketing.Payments.Webhooks;

namespace Ticketing.Payments;

public static class PaymentServiceCollectionExtensions
{
    /// <summary>Registers a provider under the name clients pass as <c>paymentMethod</c>: one line per provider.</summary>
    public static IServiceCollection AddPaymentProvider<TProvider>(this IServiceCollection services)
        where TProvider : class, IPaymentProvider
    {
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
        services.AddPaymentProvider<MockPaymentProvider>();

        services.AddOptions<StripeOptions>().Bind(configuration.GetSection(StripeOptions.SectionName))
            .Validate(o => !o.Enabled || (!string.IsNullOrWhiteSpace(o.SecretKey) && !string.IsNullOrWhiteSpace(o.WebhookSecret)),
                "Payments:Stripe:Enabled is true but Payments:Stripe:SecretKey or Payments:Stripe:WebhookSecret is missing.")
            .Validate(o => o.ApiBase is null || Uri.TryCreate(o.ApiBase, UriKind.Absolute, out _), "Payments:Stripe:ApiBase must be an absolute URL.")
            .Validate(o => o.MaxNetworkRetries is >= 0 and <= 5, "Payments:Stripe:MaxNetworkRetries must be between 0 and 5.")
            .ValidateOnStart();
        if (configuration.GetValue<bool>($"{StripeOptions.SectionName}:Enabled"))
        {
            services.AddPaymentProvider<StripePaymentProvider>();
        }

        return services;
    }
}
