using System.Collections.Immutable;

namespace Ticketing.Idempotency;

/// <summary>A final HTTP answer kept for replay: status, JSON body (exact text) and the headers to send again.</summary>
[GenerateSerializer, Immutable, Alias("ticketing.IdempotentResponse")]
public sealed record IdempotentResponse(
    [property: Id(0)] int StatusCode,
    [property: Id(1)] string ContentType,
    [property: Id(2)] string Body,
    [property: Id(3)] ImmutableDictionary<string, string> Headers);
