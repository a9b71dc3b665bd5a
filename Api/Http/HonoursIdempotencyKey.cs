namespace Ticketing.Api.Http;

/// <summary>
/// Endpoint metadata: this endpoint stores the first outcome under the request's Idempotency-Key and replays it, so
/// <see cref="SiloLossRetryMiddleware"/> may run a keyed request again. A key sent to any other endpoint means
/// nothing there, and a request with several grain calls (registering an account, say) run again after a later call
/// was refused would repeat the ones that had run.
/// </summary>
public sealed class HonoursIdempotencyKey
{
    public static readonly HonoursIdempotencyKey Instance = new();

    private HonoursIdempotencyKey()
    {
    }
}
