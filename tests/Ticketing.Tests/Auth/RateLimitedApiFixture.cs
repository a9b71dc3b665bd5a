using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Ticketing.Api.Auth;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Auth;

/// <summary>The API with tiny rate limits and a probe endpoint behind the per-user holds policy.</summary>
public sealed class RateLimitedApiFixture : ApiFixture
{
    public const int LoginLimit = 3;
    public const int RegistrationLimit = 1;
    public const int HoldsLimit = 2;
    public const string ProbePath = "/test/holds-probe";
    public const int ConfirmationsPerAddressLimit = 3;
    public const string ConfirmationsProbePath = "/test/confirmations-probe";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Ticketing:RateLimits:Enabled", "true"),
        new("Ticketing:RateLimits:Login:PermitLimit", LoginLimit.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Ticketing:RateLimits:Login:WindowSeconds", "600"),
        new("Ticketing:RateLimits:Registration:PermitLimit", RegistrationLimit.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Ticketing:RateLimits:Registration:WindowSeconds", "600"),
        new("Ticketing:RateLimits:Holds:PermitLimit", HoldsLimit.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Ticketing:RateLimits:Holds:WindowSeconds", "600"),
        new("Ticketing:RateLimits:ConfirmationsPerAddress:PermitLimit", ConfirmationsPerAddressLimit.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Ticketing:RateLimits:ConfirmationsPerAddress:WindowSeconds", "600"),
    ];

    protected override void ConfigureApp(WebApplication app)
    {
        app.MapGet(ProbePath, (ClaimsPrincipal user) => Results.Ok(user.GetUserId()))
            .RequireAuthorization(Policies.Customer)
            .RequireRateLimiting(RateLimitPolicies.Holds);
        app.MapGet(ConfirmationsProbePath, (ClaimsPrincipal user) => Results.Ok(user.GetUserId()))
            .RequireAuthorization(Policies.Customer)
            .RequireRateLimiting(RateLimitPolicies.Confirmations);
    }
}

[CollectionDefinition(Name)]
public sealed class RateLimitedApiCollection : ICollectionFixture<RateLimitedApiFixture>
{
    public const string Name = "rate-limited api";
}
