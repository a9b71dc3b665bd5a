using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Ticketing.Api.Extensions;
using Ticketing.Silo.Hosting;

namespace Ticketing.Tests.Auth;

public sealed class ForwardedHeadersSettingsTests
{
    [Theory]
    [InlineData("Ticketing:Http:ForwardedHeaders:KnownProxies:0", "10.0.0.300")]
    [InlineData("Ticketing:Http:ForwardedHeaders:KnownNetworks:0", "10.0.0.0")]
    [InlineData("Ticketing:Http:ForwardedHeaders:KnownNetworks:0", "10.0.0.0/33")]
    [InlineData("Ticketing:Http:ForwardedHeaders:ForwardLimit", "0")]
    public void A_typo_in_the_proxy_settings_stops_the_start_up(string key, string value)
    {
        var ex = Assert.Throws<HostingConfigurationException>(() => new ServiceCollection().AddTicketingForwardedHeaders(Configuration((key, value))));
        Assert.Contains("Ticketing:Http:ForwardedHeaders", ex.Message);
    }

    [Fact]
    public void Only_the_configured_proxies_and_networks_are_trusted_not_loopback_as_well()
    {
        var options = new ServiceCollection()
            .AddTicketingForwardedHeaders(Configuration(
                ("Ticketing:Http:ForwardedHeaders:KnownProxies:0", "10.1.2.3"),
                ("Ticketing:Http:ForwardedHeaders:KnownNetworks:0", "172.28.0.0/16")))
            .BuildServiceProvider()
            .GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;

        Assert.Equal([System.Net.IPAddress.Parse("10.1.2.3")], options.KnownProxies);
        Assert.Equal([System.Net.IPNetwork.Parse("172.28.0.0/16")], options.KnownIPNetworks);
        Assert.Equal(1, options.ForwardLimit);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings)
        => new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
