using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Ticketing.Api.Auth;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Auth;

[Collection(AuthApiCollection.Name)]
public sealed class LoginTests(AuthApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_registered_user_gets_a_bearer_token_carrying_id_and_roles()
    {
        var (id, email) = await AuthClient.RegisterNewAsync(_client);

        var response = await AuthClient.LoginAsync(_client, email.ToUpperInvariant());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Bearer", body.RootElement.GetProperty("tokenType").GetString());
        var lifetime = api.Services.GetRequiredService<TokenIssuer>().Lifetime;
        Assert.Equal((int)lifetime.TotalSeconds, body.RootElement.GetProperty("expiresIn").GetInt32());
        var token = new JsonWebToken(body.RootElement.GetProperty("accessToken").GetString());
        Assert.Equal(id, token.Subject);
        Assert.Equal(["customer"], token.Claims.Where(c => c.Type == "role").Select(c => c.Value));

        using var signedIn = await AuthClient.SignedInAsync(api.BaseAddress, email);
        var me = await signedIn.GetAsync("/users/me");
        using var meBody = JsonDocument.Parse(await me.Content.ReadAsStringAsync());
        Assert.Equal(id, meBody.RootElement.GetProperty("id").GetString());
        Assert.Equal(email, meBody.RootElement.GetProperty("email").GetString());
        Assert.Equal("Ana", meBody.RootElement.GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_address_get_the_same_answer()
    {
        var (_, email) = await AuthClient.RegisterNewAsync(_client);

        var wrongPassword = await AuthClient.LoginAsync(_client, email, "wrong password 123");
        var unknownAddress = await AuthClient.LoginAsync(_client, AuthClient.NewEmail());

        var a = await ProblemAssert.HasCodeAsync(wrongPassword, HttpStatusCode.Unauthorized, "invalid_credentials");
        var b = await ProblemAssert.HasCodeAsync(unknownAddress, HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal(a.GetProperty("title").GetString(), b.GetProperty("title").GetString());
        Assert.Equal(a.TryGetProperty("detail", out var da) ? da.ToString() : null, b.TryGetProperty("detail", out var db) ? db.ToString() : null);
    }

    [Fact]
    public async Task Missing_credentials_are_a_validation_error()
    {
        var response = await _client.PostAsJsonAsync("/auth/login", new { email = "" });
        var errors = (await ProblemAssert.HasCodeAsync(response, HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors");
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("password", out _));
    }

    [Fact]
    public async Task Five_consecutive_failures_lock_the_account_even_against_the_right_password()
    {
        var (_, email) = await AuthClient.RegisterNewAsync(_client);
        for (var i = 0; i < 4; i++)
        {
            await ProblemAssert.HasCodeAsync(await AuthClient.LoginAsync(_client, email, "wrong password 123"), HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        var fifth = await AuthClient.LoginAsync(_client, email, "wrong password 123");
        await ProblemAssert.HasCodeAsync(fifth, HttpStatusCode.TooManyRequests, "account_locked");
        var retryAfter = fifth.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));

        var rightPassword = await AuthClient.LoginAsync(_client, email);
        await ProblemAssert.HasCodeAsync(rightPassword, HttpStatusCode.TooManyRequests, "account_locked");
        Assert.NotNull(rightPassword.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task A_success_resets_the_failure_count()
    {
        var (_, email) = await AuthClient.RegisterNewAsync(_client);
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 4; i++)
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await AuthClient.LoginAsync(_client, email, "wrong password 123")).StatusCode);
            }

            Assert.Equal(HttpStatusCode.OK, (await AuthClient.LoginAsync(_client, email)).StatusCode);
        }
    }

    [Fact]
    public async Task Locking_one_account_leaves_others_alone()
    {
        var (_, locked) = await AuthClient.RegisterNewAsync(_client);
        var (_, other) = await AuthClient.RegisterNewAsync(_client);
        for (var i = 0; i < 5; i++)
        {
            await AuthClient.LoginAsync(_client, locked, "wrong password 123");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await AuthClient.LoginAsync(_client, locked)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.LoginAsync(_client, other)).StatusCode);
    }
}
