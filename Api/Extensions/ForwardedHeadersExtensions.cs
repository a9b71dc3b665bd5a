using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Ticketing.Api.Http;
using Ticketing.Silo.Hosting;

namespace Ticketing.Api.Extensions;

/// <summary>
/// Client addresses behind a reverse proxy (<see cref="ForwardedHeadersSettings"/>): the per-address rate limits,
/// the request log and the scheme then see the client rather than the proxy.
/// </summary>
public static class ForwardedHeadersExtensions
{
    public static IServiceCollection AddTicketingForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = new ForwardedHeadersSettings();
        configuration.GetSection(ForwardedHeadersSettings.SectionName).Bind(settings);
        if (settings.ForwardLimit < 1)
        {
            throw new HostingConfigurationException($"{ForwardedHeadersSettings.SectionName}:ForwardLimit must be at least 1.");
        }

        // Parsed here, so a typo stops the start-up instead of silently trusting nobody (or the wrong network).
        var proxies = settings.KnownProxies.Select(p => IPAddress.TryParse(p, out var address)
            ? address
            : throw new HostingConfigurationException($"{ForwardedHeadersSettings.SectionName}:KnownProxies: '{p}' is not an IP address.")).ToList();
        var networks = settings.KnownNetworks.Select(n => System.Net.IPNetwork.TryParse(n, out var network)
            ? network
            : throw new HostingConfigurationException($"{ForwardedHeadersSettings.SectionName}:KnownNetworks: '{n}' is not a network in CIDR notation (e.g. 10.0.0.0/8).")).ToList();

        services.AddSingleton(settings);
        if (!settings.Enabled)
        {
            // Not even cleared: with both lists empty the middleware would believe every client.
            return services;
        }

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = settings.ForwardLimit;

            // ASP.NET Core trusts loopback out of the box; only what the operator names is trusted here (never empty: the
            // middleware believes everyone when both lists are empty).
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(proxy);
            }

            foreach (var network in networks)
            {
                o.KnownIPNetworks.Add(network);
            }
        });
        return services;
    }

    /// <summary>First in the pipeline, so everything after it (logging, rate limits) sees the client's address.</summary>
    public static WebApplication UseTicketingForwardedHeaders(this WebApplication app)
    {
        if (app.Services.GetRequiredService<ForwardedHeadersSettings>().Enabled)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
