using System.Net;
using Ticketing.Common;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Auth.External;

[Collection(UnreachableAuthorityApiCollection.Name)]
public sealed class UnreachableAuthorityTests(UnreachableAuthorityApiFixture api)
{
    [Fact]
    public async Task The_api_own_tokens_keep_working_while_the_external_provider_is_down()
    {
        using var client = api.CreateClient(Ids.New());

        // Authorized, then no such account: what matters is that it is not 401.
        await ProblemAssert.HasCodeAsync(await client.GetAsync("/users/me"), HttpStatusCode.NotFound, "user_not_found");
    }

    [Fact]
    public async Task A_token_claiming_the_external_issuer_is_refused_while_its_keys_cannot_be_fetched()
    {
        // Never started: it only signs, as the real provider would, while the API cannot reach it.
        await using var provider = new TestIdentityProvider();
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", provider.Issue(Ids.New(), "ticketing-api", issuer: UnreachableAuthorityApiFixture.Authority));

        await ProblemAssert.HasCodeAsync(await client.GetAsync("/users/me"), HttpStatusCode.Unauthorized, "unauthorized");
    }
}
