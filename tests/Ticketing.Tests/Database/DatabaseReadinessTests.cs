using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Ticketing.Silo.Health;
using Ticketing.Silo.Hosting;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Database;

/// <summary>Readiness follows the database in PostgreSQL mode: ready while it answers, not ready when it does not.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseReadinessTests(PostgresFixture postgres)
{
    private static Task<HealthCheckResult> CheckAsync(string connectionString)
    {
        var settings = HostingSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection([new("ConnectionStrings:Ticketing", connectionString)])
            .Build());
        return new DatabaseHealthCheck(settings).CheckHealthAsync(new HealthCheckContext());
    }

    [PostgresFact]
    public async Task A_database_that_answers_is_ready()
        => Assert.Equal(HealthStatus.Healthy, (await CheckAsync(postgres.ConnectionString)).Status);

    [Fact]
    public async Task A_database_that_does_not_answer_is_not_ready()
    {
        var result = await CheckAsync($"Host=127.0.0.1;Port={FreePort.Next()};Database=ticketing;Username=x;Password=y;Timeout=2");
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("PostgreSQL", result.Description);
    }
}
