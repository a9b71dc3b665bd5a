using System.Text.Json;
using Ticketing.Api.Auth;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Platform;

/// <summary>
/// What an operator sees of a running 2-silo cluster through the client-mode Api: the dashboard's data lists both
/// silos by name with their grains, and readiness counts them.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterOperatorViewTests(PostgresFixture postgres)
{
    private static readonly KeyValuePair<string, string?>[] WithDashboard = [new("Ticketing:Hosting:Dashboard", "true")];

    [PostgresFact]
    public async Task The_dashboard_shows_both_silos_and_their_grains_and_readiness_counts_them()
    {
        var clusterId = "operator-view-" + Guid.NewGuid().ToString("N")[..8];
        await using var first = await PostgresSilo.StartAsync(postgres.ConnectionString, clusterId, "ops-silo-a", WithDashboard);
        await using var second = await PostgresSilo.StartAsync(postgres.ConnectionString, clusterId, "ops-silo-b", WithDashboard);
        var api = new ClientModeApi(postgres.ConnectionString, clusterId, dashboard: true);
        await api.InitializeAsync();
        try
        {
            using var admin = api.CreateClient("ops-admin", Roles.Admin);
            // Some grains to show: an event through the Api (its grains live on the silos).
            await Bookings.Support.Sale.OpenAsync(api.ClusterClient, TimeProvider.System);

            var counters = await Poll.UntilAsync(
                async () => JsonDocument.Parse(await admin.GetStringAsync("/dashboard/DashboardCounters")).RootElement.Clone(),
                c => c.GetProperty("totalActiveHostCount").GetInt32() == 2 && c.GetProperty("simpleGrainStats").GetArrayLength() > 0,
                TimeSpan.FromSeconds(60), "the dashboard to see both silos and some grains");

            var names = counters.GetProperty("hosts").EnumerateArray().Select(h => h.GetProperty("siloName").GetString()).ToList();
            Assert.Contains("ops-silo-a", names);
            Assert.Contains("ops-silo-b", names);
            var grainTypes = counters.GetProperty("simpleGrainStats").EnumerateArray().Select(g => g.GetProperty("grainType").GetString()).ToList();
            Assert.Contains(grainTypes, t => t!.Contains("EventGrain", StringComparison.Ordinal));

            var ready = JsonDocument.Parse(await api.CreateClient().GetStringAsync("/health/ready")).RootElement;
            Assert.Equal("2 active silo(s)", ready.GetProperty("checks").GetProperty("cluster").GetProperty("description").GetString());
        }
        finally
        {
            await api.DisposeAsync();
        }
    }
}
