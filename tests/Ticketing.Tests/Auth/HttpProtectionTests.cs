using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Ticketing.Common;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Auth;

[Collection(AuthApiCollection.Name)]
public sealed class HttpProtectionTests(AuthApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/no/such/route")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
    }

    [Fact]
    public async Task Anonymous_answers_are_not_marked_no_store()
    {
        var response = await _client.GetAsync("/no/such/route");

        Assert.Null(response.Headers.CacheControl);
    }

    [Fact]
    public async Task The_scalar_ui_is_not_starved_of_its_scripts()
    {
        var response = await _client.GetAsync("/scalar");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("default-src", Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
    }

    [Fact]
    public async Task Answers_to_signed_in_requests_are_not_cached()
    {
        using var client = api.CreateClient(Ids.New());
        var response = await client.GetAsync("/users/me");

        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413_and_changes_nothing()
    {
        var email = AuthClient.NewEmail();
        var json = $$"""{"email":"{{email}}","password":"correct horse battery","displayName":"{{new string('x', 1_200_000)}}"}""";

        var response = await _client.PostAsync("/auth/register", new StringContent(json, Encoding.UTF8, "application/json"));

        await ProblemAssert.HasCodeAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Equal(HttpStatusCode.Created, (await AuthClient.RegisterAsync(_client, email)).StatusCode);
    }

    [Theory]
    [InlineData("{\"email\": \"a@example.test\", \"password\": ")]
    [InlineData("not json at all")]
    [InlineData("{\"email\": 42, \"password\": \"correct horse battery\", \"displayName\": \"Ana\"}")]
    [InlineData("{\"email\": [\"a@example.test\"], \"password\": \"correct horse battery\", \"displayName\": \"Ana\"}")]
    public async Task A_malformed_body_is_a_400_problem(string body)
    {
        var response = await _client.PostAsync("/auth/register", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_malformed_roles_body_is_a_400_problem()
    {
        using var admin = api.CreateClient(Ids.New(), "customer", "admin");
        var response = await admin.PutAsync($"/users/{Ids.New()}/roles", new StringContent("{\"roles\": \"admin\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_allowed_origin_passes_the_cors_preflight_and_sees_the_exposed_headers()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/auth/login");
        preflight.Headers.Add("Origin", AuthApiFixture.AllowedOrigin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type,authorization");

        var response = await _client.SendAsync(preflight);

        Assert.Equal(AuthApiFixture.AllowedOrigin, Header(response, "Access-Control-Allow-Origin"));

        using var get = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        get.Headers.Add("Origin", AuthApiFixture.AllowedOrigin);
        var actual = await _client.SendAsync(get);
        Assert.Contains("Retry-After", Header(actual, "Access-Control-Expose-Headers"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Idempotent-Replayed", Header(actual, "Access-Control-Expose-Headers"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Another_origin_gets_no_cors_grant()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/auth/login");
        preflight.Headers.Add("Origin", "https://evil.example.test");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");

        var response = await _client.SendAsync(preflight);

        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_policy_referenced_while_rate_limits_are_off_never_refuses()
    {
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(AuthApiFixture.ProbePath)).StatusCode);
        }
    }

    private static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : null;
}
