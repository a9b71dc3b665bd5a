using Microsoft.Extensions.Diagnostics.HealthChecks;
using Ticketing.Silo.Database;
using Ticketing.Silo.Hosting;

namespace Ticketing.Silo.Health;

/// <summary>Ready when PostgreSQL answers; always healthy in embedded mode, which has no database.</summary>
public sealed class DatabaseHealthCheck(HostingSettings settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!settings.UsesPostgres)
        {
            return HealthCheckResult.Healthy("embedded mode: in-memory state, no database");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            return await SchemaMigrator.CanConnectAsync(settings.ConnectionString!, timeout.Token)
                ? HealthCheckResult.Healthy("PostgreSQL answers")
                : HealthCheckResult.Unhealthy("PostgreSQL does not answer");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL unreachable: " + ex.GetType().Name);
        }
    }
}
