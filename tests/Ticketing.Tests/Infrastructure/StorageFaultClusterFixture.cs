using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Ticketing.Common;

namespace Ticketing.Tests.Infrastructure;

/// <summary>A 2-silo cluster of its own whose ticketing storage fails the writes a test arms in <see cref="Faults"/>.</summary>
public sealed class StorageFaultClusterFixture : ClusterFixture
{
    private const string InnerStorage = "tickets-inner";

    public StorageFaults Faults { get; } = new();

    /// <summary>Deactivates every activation, as a silo restart would: what the next call sees is what was stored.</summary>
    public Task DeactivateEverythingAsync() => Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    protected override void ConfigureSilo(ISiloBuilder silo)
    {
        silo.AddMemoryGrainStorage(InnerStorage);
        silo.Services.AddGrainStorage(StorageNames.Tickets, (sp, _) => new FaultyGrainStorage(sp.GetRequiredKeyedService<IGrainStorage>(InnerStorage), Faults));
    }
}

[CollectionDefinition(Name)]
public sealed class StorageFaultCollection : ICollectionFixture<StorageFaultClusterFixture>
{
    public const string Name = "storage-fault cluster";
}
