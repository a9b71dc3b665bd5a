using System.Net;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Auth;

[Collection(LoginLimitsApiCollection.Name)]
public sealed class ForwardedHeadersTests(LoginLimitsApiFixture api)
{
    [Fact]
    public async Task Behind_a_trusted_proxy_each_forwarded_client_address_has_its_own_login_limit()
    {
        using var busy = api.CreateClientFrom(TestAddresses.Next());
        using var neighbour = api.CreateClientFrom(TestAddresses.Next());
        for (var i = 0; i < LoginLimitsApiFixture.LoginPerAddressLimit; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await AuthClient.LoginAsync(busy, AuthClient.NewEmail())).StatusCode);
        }

        var refused = await AuthClient.LoginAsync(busy, AuthClient.NewEmail());
        await ProblemAssert.HasCodeAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);

        // Same proxy connection address, another client behind it: not limited by the busy one.
        Assert.Equal(HttpStatusCode.Unauthorized, (await AuthClient.LoginAsync(neighbour, AuthClient.NewEmail())).StatusCode);
    }
}
