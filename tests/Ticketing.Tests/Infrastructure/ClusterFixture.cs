using Orleans.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Ticketing.Common;
using Ticketing.Events.Catalog;
using Ticketing.Hosting;
using Ticketing.Payments;

namespace Ticketing.Tests.Infrastructure;

/// <summary>
/// A 2-silo in-process Orleans cluster with in-memory storage and reminders and the real domain services.
/// Shared per xunit collection; tests use fresh grain keys so they never depend on each other.
/// Time is a <see cref="TestClock"/> that follows the real clock; only tests in <see cref="TimeTravelCollection"/>
/// (a cluster of their own, with a frozen clock) may move it.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    public const short SiloCount = 2;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public TestClock Time { get; }

    public ClusterFixture()
        : this(frozenClock: false)
    {
    }

    protected ClusterFixture(bool frozenClock) => Time = new TestClock(frozenClock);

    public IClusterClient Client => Cluster.Client;

    public InMemoryEventCatalog Catalog { get; } = new();

    /// <summary>Extra configuration for the domain services (payments, limits) as key/value pairs.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        var builder = new InProcessTestClusterBuilder(SiloCount);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.Tickets);

            // The product's storage format (System.Text.Json), not Orleans' default Newtonsoft one: state goes through
            // the JSON PostgreSQL stores, and a type Newtonsoft cannot read back (an immutable map) fails here too.
            silo.UseSystemTextJsonGrainStorageSerializer();
            silo.Services.Configure<SystemTextJsonGrainStorageSerializerOptions>(Ticketing.Silo.Storage.StoredStateJson.Configure);
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<TimeProvider>(Time);
            silo.Services.AddTicketingDomain(configuration, connectionString: null);

            // One catalog for the whole test cluster, as PostgreSQL mode has one table (embedded mode has one silo).
            silo.Services.AddSingleton<IEventCatalog>(Catalog);
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

/// <summary>A cluster of its own, with a frozen clock, for tests that move time; it also has the scripted card provider.</summary>
public sealed class TimeTravelClusterFixture() : ClusterFixture(frozenClock: true)
{
    /// <summary>One for the whole cluster, as its silos share the process.</summary>
    public Ticketing.Tests.Bookings.Support.ScriptedCardProvider ScriptedCards { get; } = new();

    protected override void ConfigureSilo(ISiloBuilder silo)
    {
        silo.Services.AddSingleton(ScriptedCards);
        silo.Services.AddPaymentProvider<Ticketing.Tests.Bookings.Support.ScriptedCardProvider>(Ticketing.Tests.Bookings.Support.ScriptedCardProvider.MethodName);
    }
}

[CollectionDefinition(Name)]
public sealed class TimeTravelCollection : ICollectionFixture<TimeTravelClusterFixture>
{
    public const string Name = "time-travel cluster";
}
