using System.Net;
using System.Net.Http.Headers;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Auth;

[Collection(AuthApiCollection.Name)]
public sealed class TokenValidationTests(AuthApiFixture api)
{
    [Fact]
    public async Task An_expired_token_is_refused()
    {
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Expired());

        await ProblemAssert.HasCodeAsync(await client.GetAsync("/users/me"), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.SignedWithAnotherKey("customer", "admin"));

        await ProblemAssert.HasCodeAsync(await client.GetAsync("/users/me"), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_garbage_token_is_refused()
    {
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not.a.token");

        await ProblemAssert.HasCodeAsync(await client.GetAsync("/users/me"), HttpStatusCode.Unauthorized, "unauthorized");
    }
}
