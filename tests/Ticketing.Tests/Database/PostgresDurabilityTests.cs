using Npgsql;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Database;

/// <summary>The product's PostgreSQL mode, with the real ADO.NET providers on our migrated schema.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresDurabilityTests(PostgresFixture postgres)
{
    [PostgresFact]
    public async Task Grain_state_written_in_postgresql_mode_survives_a_restart_of_the_silo_that_held_it()
    {
        var clusterId = "restart-" + Guid.NewGuid().ToString("N")[..8];
        var key = Guid.NewGuid().ToString("N");

        await using (var first = await PostgresSilo.StartAsync(postgres.ConnectionString, clusterId, "first"))
        {
            await first.Client.GetGrain<IDurableNoteGrain>(key).WriteAsync("acknowledged before the restart");
            await first.StopAsync();
        }

        await using var second = await PostgresSilo.StartAsync(postgres.ConnectionString, clusterId, "second");
        Assert.Equal("acknowledged before the restart", await second.Client.GetGrain<IDurableNoteGrain>(key).ReadAsync());
    }

    [PostgresFact]
    public async Task Two_silos_share_membership_and_either_serves_grains_whose_state_both_see()
    {
        var clusterId = "pair-" + Guid.NewGuid().ToString("N")[..8];
        await using var a = await PostgresSilo.StartAsync(postgres.ConnectionString, clusterId, "a");
        await using var b = await PostgresSilo.StartAsync(postgres.ConnectionString, clusterId, "b");

        var hosts = await Poll.UntilAsync(
            () => a.Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true),
            h => h.Count == 2, TimeSpan.FromSeconds(30), "both silos to be active");
        Assert.Equal(2, hosts.Count);

        var silos = new HashSet<string>();
        for (var i = 0; i < 100 && silos.Count < 2; i++)
        {
            var grain = a.Client.GetGrain<IDurableNoteGrain>(Guid.NewGuid().ToString("N"));
            await grain.WriteAsync("x");
            silos.Add(await grain.GetSiloAsync());
        }

        Assert.Equal(2, silos.Count);
    }

    [PostgresFact]
    public async Task Reminders_are_stored_in_postgresql_and_clearing_state_keeps_versions_consistent()
    {
        var clusterId = "reminders-" + Guid.NewGuid().ToString("N")[..8];
        var key = Guid.NewGuid().ToString("N");
        await using var silo = await PostgresSilo.StartAsync(postgres.ConnectionString, clusterId, "r");
        var grain = silo.Client.GetGrain<IDurableNoteGrain>(key);
        await grain.RegisterReminderAsync();
        await grain.WriteAsync("one");
        await grain.ClearAsync();
        await grain.WriteAsync("two");
        Assert.Equal("two", await grain.ReadAsync());

        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM OrleansRemindersTable WHERE GrainId LIKE @k AND ReminderName = 'note'", connection);
        command.Parameters.AddWithValue("k", "%" + key + "%");
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }
}
