using System.Globalization;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Auth;

/// <summary>The API with no forwarded-headers settings (the default) and a tiny per-address login limit.</summary>
public sealed class UntrustedForwardedHeadersApiFixture : ApiFixture
{
    public const int LoginPerAddressLimit = 2;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Ticketing:RateLimits:Enabled", "true"),
        new("Ticketing:RateLimits:Login:PermitLimit", LoginPerAddressLimit.ToString(CultureInfo.InvariantCulture)),
        new("Ticketing:RateLimits:Login:WindowSeconds", "600"),
    ];
}

[CollectionDefinition(Name)]
public sealed class UntrustedForwardedHeadersApiCollection : ICollectionFixture<UntrustedForwardedHeadersApiFixture>
{
    public const string Name = "untrusted forwarded headers api";
}
