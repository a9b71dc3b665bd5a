using System.Globalization;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Auth;

/// <summary>
/// The API with a tiny per-account login limit and a per-address login limit high enough that it never interferes,
/// so a test can hit one account many times from this one machine.
/// </summary>
public sealed class LoginLimitsApiFixture : ApiFixture
{
    public const int LoginPerAccountLimit = 3;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Ticketing:RateLimits:Enabled", "true"),
        new("Ticketing:RateLimits:Login:PermitLimit", "1000"),
        new("Ticketing:RateLimits:Registration:PermitLimit", "1000"),
        new("Ticketing:RateLimits:LoginPerAccount:PermitLimit", LoginPerAccountLimit.ToString(CultureInfo.InvariantCulture)),
        new("Ticketing:RateLimits:LoginPerAccount:WindowSeconds", "600"),
    ];
}

[CollectionDefinition(Name)]
public sealed class LoginLimitsApiCollection : ICollectionFixture<LoginLimitsApiFixture>
{
    public const string Name = "login-limits api";
}
