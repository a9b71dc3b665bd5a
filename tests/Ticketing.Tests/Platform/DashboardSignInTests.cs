using System.Net;
using Ticketing.Api.Auth;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Platform;

/// <summary>An Api whose dashboard requires the admin role, as outside embedded mode.</summary>
public sealed class ProtectedDashboardApiFixture : ApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Ticketing:Hosting:DashboardRequiresAdmin", "true")];
}

/// <summary>
/// The admin-only dashboard can be opened in a browser: one visit with <c>?access_token=</c>, then a cookie scoped to
/// the dashboard. Nobody else gets in, and the cookie opens nothing but the dashboard.
/// </summary>
public sealed class DashboardSignInTests(ProtectedDashboardApiFixture api) : IClassFixture<ProtectedDashboardApiFixture>
{
    private string TokenFor(string user, params string[] roles)
        => api.CreateClient(user, roles).DefaultRequestHeaders.Authorization!.Parameter!;

    private HttpClient Browser() => new(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() })
    {
        BaseAddress = api.BaseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    [Fact]
    public async Task Anonymous_visitors_and_customers_are_refused()
    {
        using var anonymous = Browser();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync($"/dashboard/?access_token={TokenFor("dash-customer", Roles.Customer)}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/dashboard/?access_token=not-a-token")).StatusCode);
    }

    [Fact]
    public async Task An_admin_opens_it_once_with_the_token_and_then_by_cookie()
    {
        using var browser = Browser();
        var first = await browser.GetAsync($"/dashboard/?access_token={TokenFor("dash-admin", Roles.Admin)}");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var cookie = Assert.Single(first.Headers.GetValues("Set-Cookie"), c => c.StartsWith(DashboardAccessToken.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/dashboard", cookie, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/dashboard/")).StatusCode);
    }

    [Fact]
    public async Task The_token_in_a_query_or_cookie_opens_nothing_but_the_dashboard()
    {
        var admin = TokenFor("dash-admin-2", Roles.Admin);
        using var anonymous = Browser();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/users/me?access_token={admin}")).StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/users/me");
        request.Headers.Add("Cookie", $"{DashboardAccessToken.CookieName}={admin}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(request)).StatusCode);
    }
}
