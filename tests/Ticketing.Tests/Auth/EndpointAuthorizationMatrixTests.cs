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
/// refuse customers. Entries whose route is not mapped in this build are skipped; the coverage test makes sure no
/// mapped endpoint that requires authorization is missing from the table.
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
        ("POST", "/tickets/verify", Who.Organizer),
        ("GET", "/events/{id}/refunds", Who.Organizer),
        ("POST", "/events/{id}/refunds", Who.Organizer),
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
        if (!MappedEndpoints().Any(e => e.Method == method && e.Route == Normalize(route)))
        {
            return;
        }

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
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            var requiresAuthorization = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0
                                        && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null;
            foreach (var method in methods)
            {
                yield return (method, Normalize(endpoint.RoutePattern.RawText ?? string.Empty), requiresAuthorization);
            }
        }
    }

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
