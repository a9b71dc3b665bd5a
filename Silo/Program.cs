using Orleans.Dashboard;
using Ticketing.Silo.Dashboard;
using Ticketing.Silo.Health;
using Ticketing.Silo.Logging;
using Ticketing.Silo.Hosting;

namespace Ticketing.Silo;

/// <summary>
/// A cluster member: hosts grains, persists to PostgreSQL, serves its own health endpoints and dashboard.
/// Run several of these behind one or more Api processes in client mode (SPEC section 3, cluster mode).
/// </summary>
public static class Program
{
    public static Task<int> Main(string[] args) => StartupGuard.RunAsync("silo", async () =>
    {
        var builder = WebApplication.CreateBuilder(args);
        var settings = HostingSettings.From(builder.Configuration, isSiloProcess: true);
        if (settings.Mode != RunMode.PostgreSql)
        {
            throw new HostingConfigurationException("a Silo process stores everything in PostgreSQL: set ConnectionStrings__Ticketing (for a one-process trial run the Api, which embeds a silo).");
        }

        // No appsettings.json here on purpose: the Api references this project and would pick it up.
        builder.Logging.AddFilter("Orleans", LogLevel.Warning).AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning);
        builder.Logging.AddNamedConsole(settings.Options.SiloName is { Length: > 0 } name ? name : $"silo:{settings.Options.SiloPort}");
        builder.Host.ConfigureHostOptions(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        using (var loggerFactory = LoggerFactory.Create(l => l.AddConsole()))
        {
            var logger = loggerFactory.CreateLogger("Ticketing.Silo");
            logger.LogInformation("{Statement}", settings.DurabilityStatement);
            await StartupGuard.PrepareDatabaseAsync(settings, logger, CancellationToken.None);
        }

        builder.UseOrleans(silo => silo.AddTicketingSilo(settings, builder.Configuration));
        builder.Services.AddTicketingHealthChecks(settings);

        var app = builder.Build();
        StartupGuard.ValidateOptions(app.Services);
        app.MapTicketingHealthEndpoints();
        if (settings.Options.Dashboard)
        {
            app.UseWhen(c => c.Request.Path.StartsWithSegments("/dashboard"), local => local.UseMiddleware<LoopbackOnlyMiddleware>());
            app.MapOrleansDashboard("/dashboard");
        }

        await app.RunAsync();
    });
}
