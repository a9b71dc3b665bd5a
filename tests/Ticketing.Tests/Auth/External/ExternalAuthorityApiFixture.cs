using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Ticketing.Api.Auth;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Auth.External;

/// <summary>
/// The API configured with <see cref="TestIdentityProvider"/> as its external authority (<c>Auth:Jwt:Authority</c>)
/// next to its own signing key, and a probe that shows what authorization sees in a token.
/// </summary>
public sealed class ExternalAuthorityApiFixture : IAsyncLifetime
{
    public const string Audience = "ticketing-api-external";
    public const string WhoAmIPath = "/test/whoami";

    public TestIdentityProvider Provider { get; } = new();

    public ApiFixture Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The provider first: the API is configured with its address.
        await Provider.StartAsync();
        Api = new Host(Provider.Issuer);
        await Api.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Provider.DisposeAsync();
    }

    private sealed class Host(string authority) : ApiFixture
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("Auth:Jwt:Authority", authority),
            new("Auth:Jwt:Audience", Audience),
        ];

        protected override void ConfigureApp(WebApplication app)
            => app.MapGet(WhoAmIPath, (ClaimsPrincipal user) => Results.Ok(new WhoAmI(
                    user.GetUserId(),
                    [.. user.FindAll("role").Select(c => c.Value)],
                    user.IsAdmin(),
                    user.IsOrganizer())))
                .RequireAuthorization(Policies.Customer);
    }
}

/// <summary>What the probe answers: the user id and roles authorization sees.</summary>
public sealed record WhoAmI(string UserId, string[] Roles, bool IsAdmin, bool IsOrganizer);

[CollectionDefinition(Name)]
public sealed class ExternalAuthorityApiCollection : ICollectionFixture<ExternalAuthorityApiFixture>
{
    public const string Name = "external authority api";
}
