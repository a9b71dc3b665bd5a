using Microsoft.Extensions.Configuration;
using Ticketing.Api;
using Ticketing.Silo.Hosting;

namespace Ticketing.Tests.Auth.External;

public sealed class AuthorityConfigurationTests
{
    [Theory]
    [InlineData("http://idp.example.test/realms/tickets")]
    [InlineData("idp.example.test/realms/tickets")]
    [InlineData("ftp://127.0.0.1/idp")]
    public async Task An_authority_that_is_not_https_or_loopback_http_stops_the_start_up(string authority)
    {
        var ex = await Assert.ThrowsAsync<HostingConfigurationException>(() => ApiHost.BuildAsync([], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Auth:Jwt:SigningKey"] = Infrastructure.ApiFixture.SigningKey,
                ["Auth:Jwt:Authority"] = authority,
            })));
        Assert.Contains("Auth:Jwt:Authority", ex.Message);
    }
}
