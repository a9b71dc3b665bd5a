using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ticketing.Common;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Auth;

[Collection(AuthApiCollection.Name)]
public sealed class UserRolesTests(AuthApiFixture api)
{
    private readonly HttpClient _anonymous = api.CreateClient();

    [Fact]
    public async Task An_admin_grants_organizer_and_it_takes_effect_at_the_next_login()
    {
        var (id, email) = await AuthClient.RegisterNewAsync(_anonymous);
        using var before = await AuthClient.SignedInAsync(api.BaseAddress, email);
        using var admin = api.CreateClient(Ids.New(), "customer", "admin");

        var response = await admin.PutAsJsonAsync($"/users/{id}/roles", new { roles = new[] { "organizer" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["customer", "organizer"], body.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Order());
        Assert.Equal(["customer"], AuthClient.TokenRoles(before));
        using var after = await AuthClient.SignedInAsync(api.BaseAddress, email);
        Assert.Equal(["customer", "organizer"], AuthClient.TokenRoles(after).Order());
        Assert.Equal(["customer", "organizer"], (await AuthClient.RolesOfMeAsync(after)).Order());
    }

    [Fact]
    public async Task The_customer_role_is_always_kept()
    {
        var (id, _) = await AuthClient.RegisterNewAsync(_anonymous);
        using var admin = api.CreateClient(Ids.New(), "customer", "admin");

        var response = await admin.PutAsJsonAsync($"/users/{id}/roles", new { roles = Array.Empty<string>() });

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["customer"], body.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task An_unknown_role_is_refused_and_changes_nothing()
    {
        var (id, email) = await AuthClient.RegisterNewAsync(_anonymous);
        using var admin = api.CreateClient(Ids.New(), "customer", "admin");

        var response = await admin.PutAsJsonAsync($"/users/{id}/roles", new { roles = new[] { "organizer", "superuser" } });

        var problem = await ProblemAssert.HasCodeAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("superuser", problem.GetProperty("errors").GetProperty("roles")[0].GetString());
        using var signedIn = await AuthClient.SignedInAsync(api.BaseAddress, email);
        Assert.Equal(["customer"], await AuthClient.RolesOfMeAsync(signedIn));
    }

    [Fact]
    public async Task Roles_of_an_unknown_user_are_not_found()
    {
        using var admin = api.CreateClient(Ids.New(), "customer", "admin");

        await ProblemAssert.HasCodeAsync(await admin.PutAsJsonAsync($"/users/{Ids.New()}/roles", new { roles = new[] { "organizer" } }), HttpStatusCode.NotFound, "user_not_found");
        await ProblemAssert.HasCodeAsync(await admin.PutAsJsonAsync("/users/not-an-id/roles", new { roles = new[] { "organizer" } }), HttpStatusCode.NotFound, "user_not_found");
    }

    [Fact]
    public async Task A_customer_may_not_change_roles_and_an_anonymous_caller_must_sign_in()
    {
        var (id, _) = await AuthClient.RegisterNewAsync(_anonymous);
        using var customer = api.CreateClient(id);

        await ProblemAssert.HasCodeAsync(await customer.PutAsJsonAsync($"/users/{id}/roles", new { roles = new[] { "admin" } }), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.HasCodeAsync(await _anonymous.PutAsJsonAsync($"/users/{id}/roles", new { roles = new[] { "admin" } }), HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_customer_sees_only_its_own_account()
    {
        var (mine, _) = await AuthClient.RegisterNewAsync(_anonymous);
        var (theirs, _) = await AuthClient.RegisterNewAsync(_anonymous);
        using var customer = api.CreateClient(mine);
        using var admin = api.CreateClient(Ids.New(), "customer", "admin");

        Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync($"/users/{mine}")).StatusCode);
        await ProblemAssert.HasCodeAsync(await customer.GetAsync($"/users/{theirs}"), HttpStatusCode.NotFound, "user_not_found");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/users/{theirs}")).StatusCode);
    }

    [Fact]
    public async Task Me_for_a_token_without_an_account_is_not_found()
    {
        using var ghost = api.CreateClient(Ids.New());
        await ProblemAssert.HasCodeAsync(await ghost.GetAsync("/users/me"), HttpStatusCode.NotFound, "user_not_found");
    }
}
