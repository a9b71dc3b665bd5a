using System.Net;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Auth;

[Collection(LoginLimitsApiCollection.Name)]
public sealed class LoginPerAccountLimitTests(LoginLimitsApiFixture api)
{
    [Fact]
    public async Task Attempts_on_one_account_beyond_its_limit_are_refused_whatever_the_spelling_and_other_accounts_still_sign_in()
    {
        using var client = api.CreateClient();
        var (_, target) = await AuthClient.RegisterNewAsync(client);
        var (_, bystander) = await AuthClient.RegisterNewAsync(client);

        // One account, spelled the ways the API treats as the same account.
        string[] spellings = [target, target.ToUpperInvariant(), "  " + target + " "];
        for (var i = 0; i < LoginLimitsApiFixture.LoginPerAccountLimit; i++)
        {
            var attempt = await AuthClient.LoginAsync(client, spellings[i % spellings.Length], "a wrong password");
            Assert.Equal(HttpStatusCode.Unauthorized, attempt.StatusCode);
        }

        var refused = await AuthClient.LoginAsync(client, target);
        await ProblemAssert.HasCodeAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.True(refused.Headers.RetryAfter!.Delta > TimeSpan.Zero);

        using var other = await AuthClient.SignedInAsync(api.BaseAddress, bystander);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/users/me")).StatusCode);
    }

    [Fact]
    public async Task Unknown_addresses_are_limited_like_accounts_so_the_answer_does_not_reveal_which_exist()
    {
        using var client = api.CreateClient();
        var nobody = AuthClient.NewEmail();
        for (var i = 0; i < LoginLimitsApiFixture.LoginPerAccountLimit; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await AuthClient.LoginAsync(client, nobody)).StatusCode);
        }

        await ProblemAssert.HasCodeAsync(await AuthClient.LoginAsync(client, nobody), HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Fact]
    public async Task A_request_refused_as_malformed_does_not_use_up_the_account_limit()
    {
        using var client = api.CreateClient();
        var (_, email) = await AuthClient.RegisterNewAsync(client);
        for (var i = 0; i < LoginLimitsApiFixture.LoginPerAccountLimit + 2; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await AuthClient.LoginAsync(client, email, password: "")).StatusCode);
        }

        using var signedIn = await AuthClient.SignedInAsync(api.BaseAddress, email);
    }
}
