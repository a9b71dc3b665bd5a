using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Ticketing.Common;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Auth.External;

/// <summary>
/// Tokens from an external OpenID Connect provider (<c>Auth:Jwt:Authority</c>): the API fetches the provider's
/// discovery document and keys, accepts its tokens for the configured audience, and reads roles from the
/// <c>role</c> claim, exactly as in its own tokens.
/// </summary>
[Collection(ExternalAuthorityApiCollection.Name)]
public sealed class ExternalAuthorityTests(ExternalAuthorityApiFixture fixture)
{
    private TestIdentityProvider Provider => fixture.Provider;

    [Fact]
    public async Task A_token_from_the_provider_for_the_api_audience_is_accepted_with_its_subject_and_roles()
    {
        var subject = Ids.New();
        using var client = ClientWith(Provider.Issue(subject, ExternalAuthorityApiFixture.Audience, Roles("customer", "organizer")));

        var response = await client.GetAsync(ExternalAuthorityApiFixture.WhoAmIPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await response.Content.ReadFromJsonAsync<WhoAmI>();
        Assert.Equal(subject, me!.UserId);
        Assert.Equal(["customer", "organizer"], me.Roles.Order());
        Assert.True(me.IsOrganizer);
        Assert.False(me.IsAdmin);
    }

    [Fact]
    public async Task The_role_claim_of_a_provider_token_decides_admin_endpoints()
    {
        var stranger = Ids.New();
        using var admin = ClientWith(Provider.Issue(Ids.New(), ExternalAuthorityApiFixture.Audience, Roles("customer", "admin")));
        using var customer = ClientWith(Provider.Issue(Ids.New(), ExternalAuthorityApiFixture.Audience, Roles("customer")));

        // Authorized, and then the account is simply not there: an external identity has no account of its own.
        await ProblemAssert.HasCodeAsync(await admin.PutAsJsonAsync($"/users/{stranger}/roles", new { roles = new[] { "organizer" } }), HttpStatusCode.NotFound, "user_not_found");
        await ProblemAssert.HasCodeAsync(await customer.PutAsJsonAsync($"/users/{stranger}/roles", new { roles = new[] { "organizer" } }), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Roles_in_a_claim_other_than_role_are_not_roles_to_the_api()
    {
        // Some providers put roles in "roles" (Entra ID) or nested claims; the API does not map those.
        using var client = ClientWith(Provider.Issue(Ids.New(), ExternalAuthorityApiFixture.Audience, [new Claim("roles", "admin")]));

        var response = await client.GetAsync(ExternalAuthorityApiFixture.WhoAmIPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await response.Content.ReadFromJsonAsync<WhoAmI>();
        Assert.Empty(me!.Roles);
        Assert.False(me.IsAdmin);
        await ProblemAssert.HasCodeAsync(await client.PutAsJsonAsync($"/users/{Ids.New()}/roles", new { roles = new[] { "organizer" } }), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_provider_token_for_another_audience_is_refused()
        => await AssertRefusedAsync(Provider.Issue(Ids.New(), "some-other-api", Roles("customer", "admin")));

    [Fact]
    public async Task A_token_naming_another_issuer_is_refused()
        => await AssertRefusedAsync(Provider.Issue(Ids.New(), ExternalAuthorityApiFixture.Audience, Roles("customer", "admin"), issuer: "https://idp.example.test/other"));

    [Fact]
    public async Task A_token_signed_with_a_key_the_provider_does_not_publish_is_refused()
    {
        using var otherKey = RSA.Create(2048);

        // Same key id as the provider's: only the signature can tell them apart.
        var forged = new SigningCredentials(new RsaSecurityKey(otherKey) { KeyId = TestIdentityProvider.KeyId }, SecurityAlgorithms.RsaSha256);
        await AssertRefusedAsync(Provider.Issue(Ids.New(), ExternalAuthorityApiFixture.Audience, Roles("customer", "admin"), credentials: forged));
    }

    [Fact]
    public async Task An_expired_provider_token_is_refused()
        => await AssertRefusedAsync(Provider.Issue(Ids.New(), ExternalAuthorityApiFixture.Audience, Roles("customer"), expires: DateTime.UtcNow.AddMinutes(-10)));

    [Fact]
    public async Task The_api_own_tokens_are_still_accepted_next_to_the_provider()
    {
        using var client = fixture.Api.CreateClient(Ids.New());

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(ExternalAuthorityApiFixture.WhoAmIPath)).StatusCode);
    }

    private async Task AssertRefusedAsync(string token)
    {
        using var client = ClientWith(token);
        await ProblemAssert.HasCodeAsync(await client.GetAsync(ExternalAuthorityApiFixture.WhoAmIPath), HttpStatusCode.Unauthorized, "unauthorized");
        await ProblemAssert.HasCodeAsync(await client.GetAsync("/users/me"), HttpStatusCode.Unauthorized, "unauthorized");
    }

    private HttpClient ClientWith(string token)
    {
        var client = fixture.Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static Claim[] Roles(params string[] roles) => [.. roles.Select(r => new Claim("role", r))];
}
