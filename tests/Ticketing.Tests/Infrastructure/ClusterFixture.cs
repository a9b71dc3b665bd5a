using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Ticketing.Common;
using Ticketing.Hosting;

namespace Ticketing.Tests.Infrastructure;

/// <summary>
/// A 2-silo in-process Orleans cluster with in-memory storage and reminders and the real domain services.
/// Shared per xunit collection; tests use fresh grain keys so they never depend on each other.
/// Time is a <see cref="FakeTimeProvider"/> that starts at the real clock and follows it unless a test
/// moves it: only tests in <see cref="TimeTravelCollection"/> (their own cluster) may advance it.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    public const short SiloCount = 2;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public IClusterClient Client => Cluster.Client;

    /// <summary>Extra configuration for the domain services (payments, limits) as key/value pairs.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        var builder = new InProcessTestClusterBuilder(SiloCount);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.Tickets);
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<TimeProvider>(Time);
            silo.Services.AddTicketingDomain(configuration, connectionString: null);
            ConfigureSilo(silo);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    protected virtual void ConfigureSilo(ISiloBuilder silo)
    {
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}

/// <summary>A cluster of its own for tests that move the clock.</summary>
public sealed class TimeTravelClusterFixture : ClusterFixture;

[CollectionDefinition(Name)]
public sealed class TimeTravelCollection : ICollectionFixture<TimeTravelClusterFixture>
{
    public const string Name = "time-travel cluster";
}
