using Scalar.AspNetCore;
using Ticketing.Api.Extensions;
using Ticketing.Api.Logging;
using Ticketing.Silo.Health;
using Ticketing.Silo.Hosting;
using Ticketing.Silo.Logging;

namespace Ticketing.Api;

/// <summary>
/// Builds the API host. <see cref="Program"/> runs it; tests build the same host on a free Kestrel port
/// with their own configuration, so what is tested is what ships.
/// </summary>
public static class ApiHost
{
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);

        var settings = HostingSettings.From(builder.Configuration);
        builder.Logging.AddNamedConsole(settings.Options.SiloName is { Length: > 0 } name ? name : "api");
        builder.Host.ConfigureHostOptions(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton(new StartupNotice(settings.DurabilityStatement));

        using (var loggerFactory = LoggerFactory.Create(l => l.AddConsole()))
        {
            await StartupGuard.PrepareDatabaseAsync(settings, loggerFactory.CreateLogger("Ticketing.Api"), cancellationToken);
        }

        builder.AddTicketingOrleans(settings);
        builder.AddTicketingAuth(settings);
        builder.Services.AddTicketingProblemDetails();
        builder.Services.AddTicketingHealthChecks(settings);
        builder.Services.AddOpenApi();
        builder.Services.AddTicketingApi(builder.Configuration);
        builder.Services.AddTicketingSecurity(builder.Configuration);
        builder.Services.AddTicketingForwardedHeaders(builder.Configuration);

        var app = builder.Build();
        app.UseTicketingForwardedHeaders();
        app.UseTicketingProblemDetails();
        app.UseTicketingSecurity();
        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<Http.SiloLossRetryMiddleware>();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/scalar");
        app.MapTicketingHealthEndpoints();
        app.MapTicketingDashboard(settings);
        app.MapTicketingEndpoints();

        var notices = app.Services.GetServices<StartupNotice>().ToList();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ticketing.Api");
            foreach (var notice in notices)
            {
                logger.LogWarning("{Notice}", notice.Message);
            }
        });
        return app;
    }
}
