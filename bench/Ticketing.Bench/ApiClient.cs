using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ticketing.Bench;

/// <summary>A thin JSON client over the public HTTP API, timing each call into the recorder.</summary>
public sealed class ApiClient(HttpClient http, LatencyRecorder? recorder = null)
{
    public HttpClient Http => http;

    public sealed record Response(int Status, JsonNode? Body, string? Code)
    {
        public bool Ok => Status is >= 200 and < 300;
    }

    public async Task<Response> SendAsync(string operation, HttpMethod method, string path, object? body = null, string? token = null, IDictionary<string, string>? headers = null, bool readBody = true)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: JsonSerializerOptions.Web);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        foreach (var (key, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(key, value);
        }

        var started = Stopwatch.GetTimestamp();
        int status;
        JsonNode? json = null;
        string? code = null;
        string? detail = null;
        try
        {
            // Headers first, then the body read below (and timed with it): left to its default, HttpClient buffers
            // every body in a growing MemoryStream first, and a seat map of 10,000 seats (700 KB, several hundred
            // reads a second) then made gigabytes of large-object garbage: 16 gen2 collections a second, a third of
            // the load generator's CPU, taken from the server it shares the machine with.
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            status = (int)response.StatusCode;
            if (!readBody && response.IsSuccessStatusCode)
            {
                // Load-time reads (the seat map) are drained, not parsed: the client must not be the bottleneck.
                await response.Content.CopyToAsync(Stream.Null);
                recorder?.Record(operation, Stopwatch.GetElapsedTime(started).TotalMilliseconds, status, null);
                return new Response(status, null, null);
            }

            var text = await response.Content.ReadAsStringAsync();
            if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true)
            {
                json = JsonNode.Parse(text);
                code = status >= 400 ? json?["code"]?.GetValue<string>() : null;
            }

            detail = status >= 400 ? text : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            status = 0;
            code = ex is TaskCanceledException ? "client_timeout" : "connection_error";
            detail = ex.Message;
        }

        recorder?.Record(operation, Stopwatch.GetElapsedTime(started).TotalMilliseconds, status, code, detail);
        if (status == 0)
        {
            // No server to answer (the Api restarting): a real client backs off rather than spin on refused connections.
            await Task.Delay(100);
        }

        return new Response(status, json, code);
    }
}
