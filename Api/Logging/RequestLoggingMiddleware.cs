using System.Diagnostics;

namespace Ticketing.Api.Logging;

/// <summary>One structured line per request: method, route, status, elapsed. No bodies, no headers, no secrets.</summary>
public sealed partial class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        catch (Exception ex)
        {
            // The status is not decided yet (the exception handlers outside answer 503 or 500): logging the response's
            // default 200 here would hide the failure.
            LogFailedRequest(logger, context.Request.Method, context.Request.Path, ex.GetType().Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }

        LogRequest(logger, context.Request.Method, context.Request.Path, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP {Method} {Path} -> {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string method, PathString path, int statusCode, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP {Method} {Path} -> {Exception} in {ElapsedMs:0.0} ms (answered by the error handler)")]
    private static partial void LogFailedRequest(ILogger logger, string method, PathString path, string exception, double elapsedMs);
}
