using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ticketing.Common;

namespace Ticketing.Tests.Auth;

/// <summary>Small helpers for driving the sign-in endpoints as a client would.</summary>
public static class AuthClient
{
    public const string Password = "correct horse battery";

    public static string NewEmail() => $"user-{Ids.New()[..12]}@example.test";

    public static Task<HttpResponseMessage> RegisterAsync(HttpClient client, string email, string password = Password, string displayName = "Ana")
        => client.PostAsJsonAsync("/auth/register", new { email, password, displayName });

    public static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password = Password)
        => client.PostAsJsonAsync("/auth/login", new { email, password });

    /// <summary>Registers a fresh customer and returns its id and e-mail.</summary>
    public static async Task<(string Id, string Email)> RegisterNewAsync(HttpClient client)
    {
        var email = NewEmail();
        var response = await RegisterAsync(client, email);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (body.RootElement.GetProperty("id").GetString()!, email);
    }

    /// <summary>Logs in and returns a client carrying the issued token.</summary>
    public static async Task<HttpClient> SignedInAsync(Uri baseAddress, string email, string password = Password)
    {
        var client = new HttpClient { BaseAddress = baseAddress };
        var response = await LoginAsync(client, email, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.RootElement.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>The roles in the token a signed-in client carries (what authorization sees).</summary>
    public static string[] TokenRoles(HttpClient client)
        => [.. new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(client.DefaultRequestHeaders.Authorization!.Parameter)
            .Claims.Where(c => c.Type == "role").Select(c => c.Value)];

    /// <summary>The roles stored for the signed-in user.</summary>
    public static async Task<string[]> RolesOfMeAsync(HttpClient client)
    {
        var response = await client.GetAsync("/users/me");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. body.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!)];
    }
}
