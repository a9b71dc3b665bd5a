using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Api.Auth;
using Ticketing.Api.Extensions;
using Ticketing.Silo.Hosting;

namespace Ticketing.Tests.Auth;

public sealed class LoginAccountLimiterTests
{
    private static RateLimitOptions Limits(bool enabled = true)
        => new() { Enabled = enabled, LoginPerAccount = new RateLimitRule { PermitLimit = 2, WindowSeconds = 600 } };

    [Fact]
    public void Each_account_has_its_own_count_and_the_refusal_says_how_long_to_wait()
    {
        using var limiter = new LoginAccountLimiter(Limits());
        Assert.Null(limiter.TryAcquire("a@example.test"));
        Assert.Null(limiter.TryAcquire("a@example.test"));

        var wait = limiter.TryAcquire("a@example.test");

        Assert.NotNull(wait);
        Assert.True(wait > TimeSpan.Zero);
        Assert.Null(limiter.TryAcquire("b@example.test"));
    }

    [Fact]
    public void Addresses_too_long_for_any_account_share_one_count()
    {
        using var limiter = new LoginAccountLimiter(Limits());
        Assert.Null(limiter.TryAcquire(new string('a', 300)));
        Assert.Null(limiter.TryAcquire(new string('b', 300)));

        Assert.NotNull(limiter.TryAcquire(new string('c', 300)));
    }

    [Fact]
    public void With_rate_limits_off_it_never_refuses()
    {
        using var limiter = new LoginAccountLimiter(Limits(enabled: false));
        for (var i = 0; i < 10; i++)
        {
            Assert.Null(limiter.TryAcquire("a@example.test"));
        }
    }

    [Theory]
    [InlineData("PermitLimit", "0")]
    [InlineData("WindowSeconds", "0")]
    public void A_per_account_rule_that_allows_nothing_stops_the_start_up(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"Ticketing:RateLimits:LoginPerAccount:{key}"] = value,
        }).Build();

        var ex = Assert.Throws<HostingConfigurationException>(() => new ServiceCollection().AddTicketingSecurity(configuration));
        Assert.Contains("LoginPerAccount", ex.Message);
    }
}
