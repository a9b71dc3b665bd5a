using Orleans.Runtime;
using Ticketing.Api.Reservations;

namespace Ticketing.Api.Http;

/// <summary>
/// Runs a request again when the silo that hosted one of its grains was lost before the call reached it (the
/// cluster rejects the message or knows the silo is dead). The grain then comes back on a surviving silo from
/// storage, so a second try usually succeeds where the client would otherwise see a 503. Only requests that are
/// safe to run twice are retried: reads, deletes (cancelling is idempotent) and requests with an Idempotency-Key
/// (the key makes a repeat return the first outcome). A timeout is not retried here: the call may still be running,
/// and waiting for a second timeout helps nobody; the client gets 503 and retries with its key.
/// </summary>
public sealed partial class SiloLossRetryMiddleware(RequestDelegate next, ILogger<SiloLossRetryMiddleware> logger)
{
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(800)];

    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsSafeToRepeat(context.Request))
        {
            await next(context);
            return;
        }

        context.Request.EnableBuffering();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await next(context);
                return;
            }
            catch (Exception ex) when (attempt < Backoff.Length && IsSiloLoss(ex) && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                LogRetrying(ex.GetType().Name, context.Request.Method, context.Request.Path, attempt + 1);
                await Task.Delay(Backoff[attempt], context.RequestAborted);
                context.Response.Clear();
                context.Request.Body.Position = 0;
            }
        }
    }

    public static bool IsSafeToRepeat(HttpRequest request)
        => HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsDelete(request.Method)
           || request.Headers.ContainsKey(IdempotencyKeyHeader.Name);

    private static bool IsSiloLoss(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SiloUnavailableException or OrleansMessageRejectionException)
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Fault} during {Method} {Path}: a silo was lost, retrying (attempt {Attempt})")]
    private partial void LogRetrying(string fault, string method, PathString path, int attempt);
}
