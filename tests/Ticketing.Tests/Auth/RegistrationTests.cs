using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Auth;

[Collection(AuthApiCollection.Name)]
public sealed class RegistrationTests(AuthApiFixture api)
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_new_customer_is_registered_with_the_customer_role_and_a_location()
    {
        var email = AuthClient.NewEmail();
        var response = await AuthClient.RegisterAsync(_client, email, displayName: "  Ana Lima  ");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = body.RootElement.GetProperty("id").GetString()!;
        Assert.True(Common.Ids.IsWellFormed(id));
        Assert.Equal(email, body.RootElement.GetProperty("email").GetString());
        Assert.Equal("Ana Lima", body.RootElement.GetProperty("displayName").GetString());
        Assert.Equal(["customer"], body.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.False(body.RootElement.TryGetProperty("password", out _));
        Assert.False(body.RootElement.TryGetProperty("passwordHash", out _));
        Assert.Equal($"/users/{id}", response.Headers.Location?.OriginalString);

        using var signedIn = await AuthClient.SignedInAsync(api.BaseAddress, email);
        var self = await signedIn.GetAsync($"/users/{id}");
        Assert.Equal(HttpStatusCode.OK, self.StatusCode);
    }

    [Fact]
    public async Task An_address_differing_only_in_case_is_taken()
    {
        var email = AuthClient.NewEmail();
        Assert.Equal(HttpStatusCode.Created, (await AuthClient.RegisterAsync(_client, email)).StatusCode);

        var again = await AuthClient.RegisterAsync(_client, "  " + email.ToUpperInvariant() + " ", "another password 123");

        await ProblemAssert.HasCodeAsync(again, HttpStatusCode.Conflict, "email_taken");
        using var original = await AuthClient.SignedInAsync(api.BaseAddress, email);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AuthClient.LoginAsync(_client, email, "another password 123")).StatusCode);
    }

    [Fact]
    public async Task Racing_registrations_for_one_address_produce_exactly_one_account()
    {
        var email = AuthClient.NewEmail();
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => AuthClient.RegisterAsync(_client, i % 2 == 0 ? email : email.ToUpperInvariant())));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
    }

    [Fact]
    public async Task Every_broken_field_rule_is_reported_at_once()
    {
        var response = await _client.PostAsJsonAsync("/auth/register", new { email = "not-an-address", password = "short", displayName = "   " });

        var problem = await ProblemAssert.HasCodeAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("password", out _));
        Assert.True(errors.TryGetProperty("displayName", out _));
    }

    [Theory]
    [InlineData("Ana <ana@example.test>")]
    [InlineData("ana@")]
    [InlineData("@example.test")]
    [InlineData("ana example@example.test")]
    public async Task A_malformed_address_is_refused(string email)
    {
        var response = await AuthClient.RegisterAsync(_client, email);
        var problem = await ProblemAssert.HasCodeAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
    }

    [Fact]
    public async Task Field_lengths_are_bounded()
    {
        var longEmail = new string('a', 250) + "@example.test";
        var response = await AuthClient.RegisterAsync(_client, longEmail, new string('p', 129), new string('n', 101));

        var errors = (await ProblemAssert.HasCodeAsync(response, HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors");
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("password", out _));
        Assert.True(errors.TryGetProperty("displayName", out _));

        var atLimits = await AuthClient.RegisterAsync(_client, AuthClient.NewEmail(), new string('p', 128), new string('n', 100));
        Assert.Equal(HttpStatusCode.Created, atLimits.StatusCode);
        var atMinimum = await AuthClient.RegisterAsync(_client, AuthClient.NewEmail(), new string('p', 10), "N");
        Assert.Equal(HttpStatusCode.Created, atMinimum.StatusCode);
    }

    [Fact]
    public async Task A_refused_registration_creates_nothing()
    {
        var email = AuthClient.NewEmail();
        await ProblemAssert.HasCodeAsync(await AuthClient.RegisterAsync(_client, email, "short"), HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(HttpStatusCode.Created, (await AuthClient.RegisterAsync(_client, email)).StatusCode);
    }

    [Fact]
    public async Task Missing_fields_are_validation_errors()
    {
        var response = await _client.PostAsJsonAsync("/auth/register", new { });
        var errors = (await ProblemAssert.HasCodeAsync(response, HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors");
        Assert.Equal(3, errors.EnumerateObject().Count());
    }
}
