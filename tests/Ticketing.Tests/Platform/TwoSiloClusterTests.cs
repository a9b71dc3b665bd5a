using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Platform;

[Collection(ClusterCollection.Name)]
public sealed class TwoSiloClusterTests(ClusterFixture fixture)
{
    [Fact]
    public async Task The_test_cluster_runs_two_active_silos()
    {
        var hosts = await fixture.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal(ClusterFixture.SiloCount, hosts.Count);
    }

    [Fact]
    public async Task Grains_are_served_from_either_silo()
    {
        var silos = new HashSet<string>();
        for (var i = 0; i < 200 && silos.Count < ClusterFixture.SiloCount; i++)
        {
            silos.Add(await fixture.Client.GetGrain<ISiloProbeGrain>($"probe-{Guid.NewGuid():N}").GetSiloAsync());
        }

        Assert.Equal(ClusterFixture.SiloCount, silos.Count);
    }
}
