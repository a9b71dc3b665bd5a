namespace Ticketing.Api.Http;

/// <summary>
/// Endpoint metadata: this request may be run again by <see cref="SiloLossRetryMiddleware"/> even without an
/// Idempotency-Key, because it names what it creates once per HTTP request (<see cref="RequestScopedId"/>), so a
/// second run finds the first one's work instead of doing it again.
/// </summary>
public sealed class RepeatableOnSiloLoss
{
    public static readonly RepeatableOnSiloLoss Instance = new();

    private RepeatableOnSiloLoss()
    {
    }
}
