namespace Ticketing.Api.Http;

/// <summary>
/// Settings under <c>Ticketing:Http:ForwardedHeaders</c>: the reverse proxies or load balancers whose
/// <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c> the API believes. Off by default: any client can send the
/// header, so believing it from everyone would let a client pick the address the per-address rate limits count.
/// Behind a proxy, leaving it off makes every client share the proxy's address and its limits.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string SectionName = "Ticketing:Http:ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. <c>10.0.0.5</c> or <c>::1</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. <c>172.28.0.0/16</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>
    /// How many proxy hops to unwind from the right of <c>X-Forwarded-For</c>; each hop must itself be a known proxy.
    /// One fits a single proxy; more than the real chain lets a client prepend addresses of its own choosing.
    /// </summary>
    public int ForwardLimit { get; set; } = 1;

    public bool Enabled => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}
