using Microsoft.AspNetCore.Http.Features;
using Orleans.Runtime;
using Ticketing.Api.Reservations;

namespace Ticketing.Api.Http;

/// <summary>
/// Runs a request again when the silo that hosted one of its grains was lost before the call reached it (the
/// cluster rejects the message or knows the silo is dead), or when a grain handed over by a departing silo refused a
/// stale write. The grain then comes back on a surviving silo from
/// storage, so a second try usually succeeds where the client would otherwise see a 503. Only requests that are
/// safe to run twice are retried: reads, deletes (cancelling is idempotent), requests with an Idempotency-Key to an
/// endpoint marked <see cref="HonoursIdempotencyKey"/> (the key makes a repeat return the first outcome) and endpoints marked <see cref="RepeatableOnSiloLoss"/> (holds:
/// one reservation id per HTTP request). A graceful silo shutdown refuses new calls this way, so a rolling restart
/// costs clients nothing. A timeout is not retried here: the call may still be running,
/// and waiting for a second timeout helps nobody; the client gets 503 and retries with its key.
/// </summary>
public sealed partial class SiloLossRetryMiddleware(RequestDelegate next, ILogger<SiloLossRetryMiddleware> logger)
{
    /// <summary>
    /// About 5 s in all: a silo stopping gracefully leaves the cluster within a few seconds, and until every caller has
    /// noticed, calls routed to it are refused (never run) and go elsewhere once routing has caught up. Measured in
    /// the cluster fault test's rolling restart: two tries within 1 s still let about 30 holds and confirms answer 503.
    /// </summary>
    private static readonly TimeSpan[] Backoff =
        [.. new[] { 100, 300, 600, 1000, 1500, 2000 }.Select(ms => TimeSpan.FromMilliseconds(ms))];

    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsSafeToRepeat(context))
        {
            await next(context);
            return;
        }

        MakeBodyRereadable(context.Request);
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
                if (context.Request.Body.CanSeek)
                {
                    context.Request.Body.Position = 0;
                }
            }
        }
    }

    /// <summary>
    /// Keeps the body so a repeat can read it again. Only a request that has one: a GET or DELETE has nothing to keep.
    /// <c>EnableBuffering</c>'s default rents a 32 KB buffer for every request, and under a flash sale's concurrency
    /// the shared pool ran dry, so those buffers were 13-16% of all bytes the Api allocated (dotnet-trace's allocation
    /// sampling). API bodies are small JSON documents: one of known length up to 16 KB is kept in a buffer of its size,
    /// one of unknown length (chunked, as .NET's JsonContent sends) in 4 KB; past that the body spills to a temporary
    /// file, as larger bodies always did past 30 KB.
    /// </summary>
    public static void MakeBodyRereadable(HttpRequest request)
    {
        if (!HasBody(request))
        {
            return;
        }

        request.EnableBuffering(bufferThreshold: request.ContentLength is > 0 and <= SmallBodyBytes and var length
            ? (int)length
            : UnknownLengthBufferBytes);
    }

    private const long SmallBodyBytes = 16 * 1024;
    private const int UnknownLengthBufferBytes = 4 * 1024;

    private static bool HasBody(HttpRequest request)
        => request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { } detection
            ? detection.CanHaveBody
            : request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;

    public static bool IsSafeToRepeat(HttpContext context)
        => HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsDelete(context.Request.Method)
           || context.GetEndpoint()?.Metadata is { } metadata
           && (metadata.GetMetadata<RepeatableOnSiloLoss>() is not null
               || (metadata.GetMetadata<HonoursIdempotencyKey>() is not null && context.Request.Headers.ContainsKey(IdempotencyKeyHeader.Name)));

    public static bool IsSiloLoss(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            // InconsistentStateException: a grain was briefly active on two silos while one shut down, and the stale
            // activation's write was refused by its ETag (nothing stored, the activation dropped). Found in the
            // rolling restart of the cluster fault test: the repeat reaches the live activation.
            if (e is SiloUnavailableException or OrleansMessageRejectionException or Orleans.Storage.InconsistentStateException)
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Fault} during {Method} {Path}: a silo was lost or handed a grain over, retrying (attempt {Attempt})")]
    private partial void LogRetrying(string fault, string method, PathString path, int attempt);
}
