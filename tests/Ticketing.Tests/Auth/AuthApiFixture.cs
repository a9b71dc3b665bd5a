using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Ticketing.Api.Auth;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Auth;

/// <summary>
/// The API with a bootstrap admin, a CORS origin, rate limits switched off (so many registrations per test run are
/// fine) and a probe endpoint that references a per-user rate-limit policy while limits are off.
/// </summary>
public sealed class AuthApiFixture : ApiFixture
{
    public const string AdminEmail = "Root.Admin@Example.test";
    public const string AdminPassword = "bootstrap-admin-password";
    public const string AllowedOrigin = "https://tickets.example.test";
    public const string ProbePath = "/test/holds-probe";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Auth:Bootstrap:AdminEmail", AdminEmail),
        new("Auth:Bootstrap:AdminPassword", AdminPassword),
        new("Auth:Lockout:MaxFailures", "5"),
        new("Auth:Lockout:Minutes", "5"),
        new("Ticketing:RateLimits:Enabled", "false"),
        new("Ticketing:Cors:AllowedOrigins:0", AllowedOrigin),
    ];

    protected override void ConfigureApp(WebApplication app)
        => app.MapGet(ProbePath, () => Results.Ok()).RequireRateLimiting(RateLimitPolicies.Holds);
}

[CollectionDefinition(Name)]
public sealed class AuthApiCollection : ICollectionFixture<AuthApiFixture>
{
    public const string Name = "auth api";
}
