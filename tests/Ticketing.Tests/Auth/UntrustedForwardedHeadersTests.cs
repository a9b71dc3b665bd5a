using System.Net;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Auth;

[Collection(UntrustedForwardedHeadersApiCollection.Name)]
public sealed class UntrustedForwardedHeadersTests(UntrustedForwardedHeadersApiFixture api)
{
    [Fact]
    public async Task Without_a_configured_proxy_a_spoofed_forwarded_address_does_not_escape_the_per_address_login_limit()
    {
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i <= UntrustedForwardedHeadersApiFixture.LoginPerAddressLimit; i++)
        {
            // A new made-up address on every request: believed, each would start a fresh limit.
            using var client = api.CreateClient();
            client.DefaultRequestHeaders.Add("X-Forwarded-For", TestAddresses.Next());
            responses.Add(await AuthClient.LoginAsync(client, AuthClient.NewEmail()));
        }

        Assert.All(responses.Take(UntrustedForwardedHeadersApiFixture.LoginPerAddressLimit), r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        var refused = responses[^1];
        await ProblemAssert.HasCodeAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
    }
}
