using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Payments;
using Ticketing.Payments.Stripe;

namespace Ticketing.Tests.Payments;

/// <summary>Providers registered in DI by name, <c>services.AddPaymentProvider&lt;T&gt;("name")</c>, one line each.</summary>
public sealed class PaymentProviderRegistryTests
{
    private static IServiceCollection Services(bool stripeEnabled = false)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Payments:Stripe:Enabled"] = stripeEnabled ? "true" : "false",
            ["Payments:Stripe:SecretKey"] = "sk_test_fake",
            ["Payments:Stripe:WebhookSecret"] = "whsec_test",
        }).Build();
        return new ServiceCollection().AddSingleton<IGrainFactory>(_ => null!).AddSingleton(TimeProvider.System)
            .AddSingleton<IConfiguration>(configuration).AddPayments(configuration);
    }

    private static IPaymentProviderRegistry Registry(IServiceCollection services) => services.BuildServiceProvider().GetRequiredService<IPaymentProviderRegistry>();

    [Fact]
    public void The_shipped_providers_are_registered_by_name_and_chosen_by_it_whatever_its_case()
    {
        var registry = Registry(Services(stripeEnabled: true));

        Assert.Equal(["mock", "stripe"], registry.Names);
        Assert.True(registry.TryGet("Stripe", out var stripe));
        Assert.IsType<StripePaymentProvider>(stripe);
        Assert.False(registry.TryGet("paystack", out _));
    }

    [Fact]
    public void Adding_a_provider_is_one_line_with_its_name()
    {
        var registry = Registry(Services().AddPaymentProvider<StripePaymentProvider>("stripe"));

        Assert.Equal(["mock", "stripe"], registry.Names);
    }

    [Fact]
    public void The_nameless_overload_still_registers_under_the_providers_own_name_and_both_ways_list_it_once()
    {
        Assert.Equal(["mock", "stripe"], Registry(Services().AddPaymentProvider<StripePaymentProvider>()).Names);
        Assert.Equal(["mock", "stripe"], Registry(Services().AddPaymentProvider<StripePaymentProvider>().AddPaymentProvider<StripePaymentProvider>("stripe")).Names);
    }

    [Fact]
    public void A_registration_name_that_is_not_the_providers_own_is_refused_naming_both()
    {
        // The name is also the webhook path and the provider's events carry its own: they must not disagree.
        var services = Services().AddPaymentProvider<StripePaymentProvider>("paystack");

        var ex = Assert.Throws<InvalidOperationException>(() => Registry(services));

        Assert.Contains("'paystack'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'stripe'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_blank_name_is_refused_at_registration()
        => Assert.ThrowsAny<ArgumentException>(() => Services().AddPaymentProvider<StripePaymentProvider>(" "));
}
