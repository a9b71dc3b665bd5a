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

    private static IPaymentProviderRegistry RegistryFor(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build();
        return Registry(new ServiceCollection().AddSingleton<IGrainFactory>(_ => null!).AddSingleton(TimeProvider.System)
            .AddSingleton<IConfiguration>(configuration).AddPayments(configuration));
    }

    [Fact]
    public void The_mock_provider_is_off_in_production_unless_turned_on_and_on_elsewhere_unless_turned_off()
    {
        // Its test tokens confirm bookings without money: a production deployment must ask for it.
        Assert.Empty(RegistryFor(("environment", "Production")).Names);
        Assert.Equal(["mock"], RegistryFor(("environment", "Production"), ("Payments:Mock:Enabled", "true")).Names);
        Assert.Equal(["mock"], RegistryFor().Names);
        Assert.Equal(["mock"], RegistryFor(("environment", "Development")).Names);
        Assert.Empty(RegistryFor(("environment", "Development"), ("Payments:Mock:Enabled", "false")).Names);
    }

    [Fact]
    public void Stripe_is_on_by_its_two_keys_alone_as_the_spec_says_and_can_still_be_turned_off()
    {
        Assert.Equal(["mock", "stripe"], RegistryFor(("Payments:Stripe:SecretKey", "sk_test_x"), ("Payments:Stripe:WebhookSecret", "whsec_x")).Names);
        Assert.Equal(["mock"], RegistryFor(("Payments:Stripe:SecretKey", "sk_test_x"), ("Payments:Stripe:WebhookSecret", "whsec_x"), ("Payments:Stripe:Enabled", "false")).Names);
        Assert.Equal(["mock"], RegistryFor().Names);
    }

    [Fact]
    public void Half_a_stripe_configuration_refuses_to_start()
    {
        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => RegistryFor(("Payments:Stripe:SecretKey", "sk_test_x")).TryGet("stripe", out _).ToString());
        Assert.Contains("WebhookSecret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_blank_name_is_refused_at_registration()
        => Assert.ThrowsAny<ArgumentException>(() => Services().AddPaymentProvider<StripePaymentProvider>(" "));
}
