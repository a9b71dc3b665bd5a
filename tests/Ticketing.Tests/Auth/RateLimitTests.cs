using System.Net;
using Ticketing.Common;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Auth;

[Collection(RateLimitedApiCollection.Name)]
public sealed class RateLimitTests(RateLimitedApiFixture api)
{
    [Fact]
    public async Task Logins_beyond_the_limit_per_address_are_refused_with_retry_after()
    {
        using var client = api.CreateClient();
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i <= RateLimitedApiFixture.LoginLimit; i++)
        {
            responses.Add(await AuthClient.LoginAsync(client, AuthClient.NewEmail()));
        }

        Assert.All(responses.Take(RateLimitedApiFixture.LoginLimit), r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        var refused = responses[^1];
        await ProblemAssert.HasCodeAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.True(refused.Headers.RetryAfter!.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task Registrations_beyond_the_limit_are_refused_and_create_nothing()
    {
        using var client = api.CreateClient();
        var first = await AuthClient.RegisterAsync(client, AuthClient.NewEmail());
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var email = AuthClient.NewEmail();
        var refused = await AuthClient.RegisterAsync(client, email);

        await ProblemAssert.HasCodeAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.Null(await api.ClusterClient.GetGrain<Users.IUserEmailIndexGrain>(Users.EmailKey.Normalize(email)).GetUserIdAsync());
    }

    [Fact]
    public async Task The_holds_policy_counts_per_user()
    {
        using var busy = api.CreateClient(Ids.New());
        using var other = api.CreateClient(Ids.New());
        for (var i = 0; i < RateLimitedApiFixture.HoldsLimit; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync(RateLimitedApiFixture.ProbePath)).StatusCode);
        }

        var refused = await busy.GetAsync(RateLimitedApiFixture.ProbePath);

        await ProblemAssert.HasCodeAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync(RateLimitedApiFixture.ProbePath)).StatusCode);
    }

    [Fact]
    public async Task Confirmations_from_one_address_are_limited_whoever_signs_them()
    {
        // Many accounts, one address: each account is far below its own limit, the address is not.
        for (var i = 0; i < RateLimitedApiFixture.ConfirmationsPerAddressLimit; i++)
        {
            using var account = api.CreateClient(Ids.New());
            Assert.Equal(HttpStatusCode.OK, (await account.GetAsync(RateLimitedApiFixture.ConfirmationsProbePath)).StatusCode);
        }

        using var oneMore = api.CreateClient(Ids.New());
        var refused = await oneMore.GetAsync(RateLimitedApiFixture.ConfirmationsProbePath);
        await ProblemAssert.HasCodeAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
    }
}
