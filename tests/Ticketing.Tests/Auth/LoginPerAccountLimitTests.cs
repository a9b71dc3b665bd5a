using System.Net;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Auth;

/// <summary>Every attempt comes from a fresh address, so the per-address limit never decides (see the fixture).</summary>
[Collection(LoginLimitsApiCollection.Name)]
public sealed class LoginPerAccountLimitTests(LoginLimitsApiFixture api)
{
    [Fact]
    public async Task One_account_sprayed_from_many_addresses_is_limited_whatever_the_spelling_and_other_accounts_still_sign_in()
    {
        using var registrar = api.CreateClient();
        var (_, target) = await AuthClient.RegisterNewAsync(registrar);
        var (_, bystander) = await AuthClient.RegisterNewAsync(registrar);

        // One account, spelled the ways the API treats as the same account.
        string[] spellings = [target, target.ToUpperInvariant(), "  " + target + " "];
        for (var i = 0; i < LoginLimitsApiFixture.LoginPerAccountLimit; i++)
        {
            using var attacker = api.CreateClientFrom(TestAddresses.Next());
            var attempt = await AuthClient.LoginAsync(attacker, spellings[i % spellings.Length], "a wrong password");
            Assert.Equal(HttpStatusCode.Unauthorized, attempt.StatusCode);
        }

        using (var oneMore = api.CreateClientFrom(TestAddresses.Next()))
        {
            var refused = await AuthClient.LoginAsync(oneMore, target);
            await ProblemAssert.HasCodeAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
            Assert.NotNull(refused.Headers.RetryAfter?.Delta);
            Assert.True(refused.Headers.RetryAfter!.Delta > TimeSpan.Zero);
        }

        using var other = api.CreateClientFrom(TestAddresses.Next());
        var signedIn = await AuthClient.LoginAsync(other, bystander);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }

    [Fact]
    public async Task Unknown_addresses_are_limited_like_accounts_so_the_answer_does_not_reveal_which_exist()
    {
        var nobody = AuthClient.NewEmail();
        for (var i = 0; i < LoginLimitsApiFixture.LoginPerAccountLimit; i++)
        {
            using var attempt = api.CreateClientFrom(TestAddresses.Next());
            Assert.Equal(HttpStatusCode.Unauthorized, (await AuthClient.LoginAsync(attempt, nobody)).StatusCode);
        }

        using var client = api.CreateClientFrom(TestAddresses.Next());
        await ProblemAssert.HasCodeAsync(await AuthClient.LoginAsync(client, nobody), HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Fact]
    public async Task A_request_refused_as_malformed_does_not_use_up_the_account_limit()
    {
        using var registrar = api.CreateClient();
        var (_, email) = await AuthClient.RegisterNewAsync(registrar);
        for (var i = 0; i < LoginLimitsApiFixture.LoginPerAccountLimit + 2; i++)
        {
            using var attempt = api.CreateClientFrom(TestAddresses.Next());
            Assert.Equal(HttpStatusCode.BadRequest, (await AuthClient.LoginAsync(attempt, email, password: "")).StatusCode);
        }

        using var client = api.CreateClientFrom(TestAddresses.Next());
        Assert.Equal(HttpStatusCode.OK, (await AuthClient.LoginAsync(client, email)).StatusCode);
    }
}
