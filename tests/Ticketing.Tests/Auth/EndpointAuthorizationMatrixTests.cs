using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Common;

namespace Ticketing.Tests.Auth;

/// <summary>
/// Every protected route of SPEC section 9 refuses anonymous callers and expired tokens, and organizer/admin routes
/// refuse customers. Every mapped endpoint is either in <see cref="Table"/> or in <see cref="Anonymous"/>, so a new
/// endpoint that forgets <c>RequireAuthorization</c> fails the suite instead of shipping open.
/// </summary>
[Collection(AuthApiCollection.Name)]
public sealed partial class EndpointAuthorizationMatrixTests(AuthApiFixture api)
{
    public enum Who
    {
        Customer,
        Organizer,
        Admin,
    }

    /// <summary>Method, route template (parameter names do not matter), least role allowed in.</summary>
    public static readonly (string Method, string Route, Who Who)[] Table =
    [
        ("POST", "/events", Who.Organizer),
        ("PUT", "/events/{id}", Who.Organizer),
        ("POST", "/events/{id}/publish", Who.Organizer),
        ("POST", "/events/{id}/close", Who.Organizer),
        ("POST", "/events/{id}/cancel", Who.Organizer),
        ("POST", "/reservations", Who.Customer),
        ("GET", "/reservations/{id}", Who.Customer),
        ("DELETE", "/reservations/{id}", Who.Customer),
        ("POST", "/reservations/{id}/extend", Who.Customer),
        ("GET", "/reservations/user/{userId}", Who.Customer),
        ("POST", "/bookings/confirm", Who.Customer),
        ("GET", "/bookings/{id}", Who.Customer),
        ("GET", "/bookings/reference/{reference}", Who.Customer),
        ("GET", "/bookings/user/{userId}", Who.Customer),
        ("POST", "/bookings/{id}/cancel", Who.Customer),
        ("POST", "/tickets/verify", Who.Organizer),
        ("GET", "/events/{id}/refunds", Who.Organizer),
        ("POST", "/events/{id}/refunds", Who.Organizer),
        ("PUT", "/users/{id}/roles", Who.Admin),
        ("GET", "/users/me", Who.Customer),
        ("GET", "/users/{id}", Who.Customer),
        ("GET", "/payments/mock/ledger", Who.Admin),
        ("POST", "/payments/mock/settle", Who.Admin),
    ];

    /// <summary>
    /// The endpoints SPEC section 9 leaves open (registration, login, health, docs, event browsing, webhooks), as this
    /// fixture (embedded mode) maps them. <c>*</c> is an endpoint mapped for every method. Adding a row here is a
    /// decision that anyone may call the endpoint.
    /// </summary>
    public static readonly (string Method, string Route)[] Anonymous =
    [
        ("POST", "/auth/register"),
        ("POST", "/auth/login"),
        ("GET", "/events"),
        ("GET", "/events/{id}"),
        ("GET", "/events/{id}/seats"),
        ("POST", "/payments/webhooks/{provider}"),
        ("*", "/health/live"),
        ("*", "/health/ready"),
        ("GET", "/openapi/{documentName}.json"),
        ("GET", "/scalar/{documentName}"),
        ("GET", "/scalar/scalar.js"),
        ("GET", "/scalar/scalar.aspnetcore.js"),
        ("GET", "/scalar/favicon.svg"),
    ];

    public static TheoryData<string, string, Who> Routes()
    {
        var data = new TheoryData<string, string, Who>();
        foreach (var (method, route, who) in Table)
        {
            data.Add(method, route, who);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_protected_route_refuses_anonymous_callers_expired_tokens_and_too_small_roles(string method, string route, Who who)
    {
        // A row for a route that is not mapped would test nothing (every request a 404 or 405): a stale row, not a pass.
        Assert.True(MappedEndpoints().Any(e => e.Method == method && e.Route == Normalize(route)), $"{method} {route} is in the matrix but not mapped.");

        using var anonymous = api.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(anonymous, method, route)).StatusCode);

        using var expired = api.CreateClient();
        expired.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Expired("customer", "organizer", "admin"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(expired, method, route)).StatusCode);

        using var forged = api.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.SignedWithAnotherKey("customer", "organizer", "admin"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(forged, method, route)).StatusCode);

        if (who != Who.Customer)
        {
            using var customer = api.CreateClient(Ids.New(), "customer");
            Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(customer, method, route)).StatusCode);
        }

        if (who == Who.Admin)
        {
            using var organizer = api.CreateClient(Ids.New(), "customer", "organizer");
            Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(organizer, method, route)).StatusCode);
        }
    }

    [Fact]
    public void Every_mapped_endpoint_that_requires_authorization_is_in_the_table()
    {
        var table = Table.Select(t => (t.Method, Route: Normalize(t.Route))).ToHashSet();
        var missing = MappedEndpoints()
            .Where(e => e.RequiresAuthorization && !table.Contains((e.Method, e.Route)))
            .Select(e => $"{e.Method} {e.Route}")
            .ToList();

        Assert.True(missing.Count == 0, "Add these protected endpoints to the matrix: " + string.Join(", ", missing));
    }

    [Fact]
    public void No_endpoint_is_listed_twice()
    {
        // xunit runs only the first of two identical theory rows, so a duplicate hides in the test count.
        var duplicates = Table.Select(t => $"{t.Method} {Normalize(t.Route)}")
            .Concat(Anonymous.Select(a => $"{a.Method} {Normalize(a.Route)}"))
            .GroupBy(row => row, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .ToList();

        Assert.True(duplicates.Count == 0, "Listed more than once: " + string.Join(", ", duplicates));
    }

    [Fact]
    public void Every_mapped_endpoint_is_either_protected_in_the_table_or_deliberately_anonymous()
    {
        var listed = Table.Select(t => (t.Method, Route: Normalize(t.Route)))
            .Concat(Anonymous.Select(a => (a.Method, Route: Normalize(a.Route))))
            .ToHashSet();
        var unlisted = MappedEndpoints()
            .Where(e => !IsTestOnly(e.Route) && !IsDashboard(e.Route) && !listed.Contains((e.Method, e.Route)))
            .Select(e => $"{e.Method} {e.Route}")
            .ToList();

        Assert.True(unlisted.Count == 0,
            "Protect these endpoints (RequireAuthorization) and add them to the matrix, or list them as anonymous: " + string.Join(", ", unlisted));
    }

    [Fact]
    public void The_anonymous_endpoints_are_mapped_and_let_anyone_in()
    {
        var mapped = MappedEndpoints().ToList();
        var stale = Anonymous.Where(a => !mapped.Any(e => e.Method == a.Method && e.Route == Normalize(a.Route))).ToList();
        var protectedAfterAll = Anonymous.Where(a => mapped.Any(e => e.Method == a.Method && e.Route == Normalize(a.Route) && e.RequiresAuthorization)).ToList();

        Assert.True(stale.Count == 0, "Listed as anonymous but not mapped: " + string.Join(", ", stale));
        Assert.True(protectedAfterAll.Count == 0, "Listed as anonymous but requires authorization (move it to the matrix): " + string.Join(", ", protectedAfterAll));
    }

    [Fact]
    public void The_identity_routes_are_mapped_and_protected()
    {
        var mapped = MappedEndpoints().Where(e => e.RequiresAuthorization).Select(e => (e.Method, e.Route)).ToHashSet();

        Assert.Contains(("PUT", "/users/{}/roles"), mapped);
        Assert.Contains(("GET", "/users/me"), mapped);
        Assert.DoesNotContain(MappedEndpoints(), e => e.Route.StartsWith("/auth/", StringComparison.Ordinal) && e.RequiresAuthorization);
    }

    private IEnumerable<(string Method, string Route, bool RequiresAuthorization)> MappedEndpoints()
    {
        var sources = api.Services.GetServices<EndpointDataSource>();
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            // An endpoint without method metadata answers every method (health checks): it still has to be listed.
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } restricted ? restricted : ["*"];
            var requiresAuthorization = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0
                                        && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null;
            foreach (var method in methods)
            {
                yield return (method, Normalize(endpoint.RoutePattern.RawText ?? string.Empty), requiresAuthorization);
            }
        }
    }

    /// <summary>The probe endpoint <see cref="AuthApiFixture"/> maps for the rate-limit tests; the product does not ship it.</summary>
    private static bool IsTestOnly(string route) => route == Normalize(AuthApiFixture.ProbePath);

    /// <summary>
    /// The Orleans dashboard's own routes: open in the embedded mode this fixture runs (SPEC section 9, a local trial),
    /// admin-only in every other mode (<c>MapTicketingDashboard</c>), so they belong to neither list here.
    /// </summary>
    private static bool IsDashboard(string route) => route == "/dashboard" || route.StartsWith("/dashboard/", StringComparison.Ordinal);

    /// <summary>Parameter names and constraints do not matter: <c>/events/{eventId:guid}</c> is <c>/events/{}</c>.</summary>
    private static string Normalize(string route)
        => "/" + Parameter().Replace(route.Trim('/'), "{}").ToLowerInvariant();

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string route)
    {
        var url = Parameter().Replace(route, _ => Ids.New());
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return client.SendAsync(request);
    }

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
