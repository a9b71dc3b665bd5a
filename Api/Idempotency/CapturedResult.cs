using System.Collections.Immutable;
using Microsoft.Extensions.Primitives;
using Ticketing.Idempotency;

namespace Ticketing.Api.Idempotency;

/// <summary>
/// Renders an endpoint result once into status, headers and body bytes, so the first answer and every replay are
/// byte-for-byte the same (problem details included), and writes a stored answer back out.
/// </summary>
public static class CapturedResult
{
    /// <summary>Response headers worth replaying; everything else is per-connection.</summary>
    private static readonly string[] ReplayedHeaders = ["Location", "Retry-After"];

    public static async Task<IdempotentResponse> CaptureAsync(IResult result, HttpContext context)
    {
        var scratch = new DefaultHttpContext { RequestServices = context.RequestServices, TraceIdentifier = context.TraceIdentifier };
        scratch.Request.Scheme = context.Request.Scheme;
        scratch.Request.Host = context.Request.Host;
        scratch.Request.Path = context.Request.Path;
        scratch.Request.Method = context.Request.Method;
        scratch.User = context.User;
        using var body = new MemoryStream();
        scratch.Response.Body = body;
        await result.ExecuteAsync(scratch);
        var headers = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in ReplayedHeaders)
        {
            if (scratch.Response.Headers.TryGetValue(name, out var value) && !StringValues.IsNullOrEmpty(value))
            {
                headers[name] = value.ToString();
            }
        }

        return new IdempotentResponse(
            scratch.Response.StatusCode,
            scratch.Response.ContentType ?? "application/json; charset=utf-8",
            System.Text.Encoding.UTF8.GetString(body.ToArray()),
            headers.ToImmutable());
    }

    public static IResult Replay(IdempotentResponse response, bool replayed) => new StoredResult(response, replayed);

    private sealed class StoredResult(IdempotentResponse response, bool replayed) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => response.StatusCode;

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = response.StatusCode;
            foreach (var (name, value) in response.Headers)
            {
                httpContext.Response.Headers[name] = value;
            }

            if (replayed)
            {
                httpContext.Response.Headers[IdempotencyKey.ReplayedHeaderName] = "true";
            }

            if (response.Body.Length > 0)
            {
                httpContext.Response.ContentType = response.ContentType;
                await httpContext.Response.WriteAsync(response.Body);
            }
        }
    }
}
