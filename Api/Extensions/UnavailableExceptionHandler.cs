using Microsoft.AspNetCore.Diagnostics;
using Orleans.Runtime;
using Ticketing.Api.Http;

namespace Ticketing.Api.Extensions;

/// <summary>
/// Faults of the cluster or the database (a silo lost mid-call, a timeout, PostgreSQL down) are not the client's
/// fault and not a bug: answer 503 <c>service_unavailable</c> with <c>Retry-After</c>, so clients retry (with the
/// same Idempotency-Key) instead of treating the request as failed for good. Nothing unacknowledged is claimed done.
/// </summary>
public sealed partial class UnavailableExceptionHandler(IProblemDetailsService problems, ILogger<UnavailableExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsUnavailability(exception))
        {
            return false;
        }

        LogUnavailable(logger, exception.GetType().Name, httpContext.Request.Method, httpContext.Request.Path);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "1";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The service is briefly unavailable; retry shortly.",
                Type = ApiProblems.TypeFor(ErrorCodes.ServiceUnavailable),
                Extensions = { ["code"] = ErrorCodes.ServiceUnavailable },
            },
        });
    }

    private static bool IsUnavailability(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            // InconsistentStateException: a write refused by its ETag, as when a grain is briefly active on two silos
            // during a handover; nothing was stored and a retry reaches the live activation.
            if (e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException
                or Npgsql.NpgsqlException or System.Net.Sockets.SocketException or Orleans.Storage.InconsistentStateException)
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answered 503 to {Method} {Path}: {Fault}")]
    private static partial void LogUnavailable(ILogger logger, string fault, string method, PathString path);
}
