using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ticketing.Tests.Api;

public static class ApiClientExtensions
{
    public static async Task<(HttpResponseMessage Response, JsonNode? Body)> SendJsonAsync(this HttpClient client, HttpMethod method, string path, object? body = null, IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = body is string raw
                ? new StringContent(raw, System.Text.Encoding.UTF8, "application/json")
                : JsonContent.Create(body, options: JsonSerializerOptions.Web);
        }

        foreach (var (key, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(key, value);
        }

        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json") == true ? JsonNode.Parse(text) : null);
    }

    /// <summary>The body as JSON, after asserting the status (the message shows the body when it differs).</summary>
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, System.Net.HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
