using System.Globalization;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Auth;

/// <summary>
/// The API behind a trusted reverse proxy on loopback (where the tests' client runs), with tiny per-address and
/// per-account login limits: a client stands for many addresses by sending <c>X-Forwarded-For</c>, as a proxy would.
/// </summary>
public sealed class LoginLimitsApiFixture : ApiFixture
{
    public const int LoginPerAddressLimit = 2;
    public const int LoginPerAccountLimit = 3;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Ticketing:Http:ForwardedHeaders:KnownProxies:0", "127.0.0.1"),
        new("Ticketing:RateLimits:Enabled", "true"),
        new("Ticketing:RateLimits:Login:PermitLimit", LoginPerAddressLimit.ToString(CultureInfo.InvariantCulture)),
        new("Ticketing:RateLimits:Login:WindowSeconds", "600"),
        new("Ticketing:RateLimits:Registration:PermitLimit", "1000"),
        new("Ticketing:RateLimits:LoginPerAccount:PermitLimit", LoginPerAccountLimit.ToString(CultureInfo.InvariantCulture)),
        new("Ticketing:RateLimits:LoginPerAccount:WindowSeconds", "600"),
    ];

    /// <summary>An anonymous client whose requests the proxy forwards for <paramref name="address"/>.</summary>
    public HttpClient CreateClientFrom(string address)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }
}

[CollectionDefinition(Name)]
public sealed class LoginLimitsApiCollection : ICollectionFixture<LoginLimitsApiFixture>
{
    public const string Name = "login-limits api";
}
