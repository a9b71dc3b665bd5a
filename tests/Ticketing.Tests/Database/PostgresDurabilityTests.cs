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

        // New grains are placed by Orleans (which may prefer the caller's silo), so both silos' clients make some.
        var silos = new HashSet<string>();
        for (var i = 0; i < 100 && silos.Count < 2; i++)
        {
            var (writer, reader) = i % 2 == 0 ? (a, b) : (b, a);
            var key = Guid.NewGuid().ToString("N");
            await writer.Client.GetGrain<IDurableNoteGrain>(key).WriteAsync("written through " + i);
            silos.Add(await writer.Client.GetGrain<IDurableNoteGrain>(key).GetSiloAsync());
            Assert.Equal("written through " + i, await reader.Client.GetGrain<IDurableNoteGrain>(key).ReadAsync());
        }

        Assert.Equal(2, silos.Count);
    }

    [PostgresFact]
    public async Task A_claim_stored_without_reading_first_is_refused_by_the_database_when_the_record_exists()
    {
        // Booking references are claimed by an insert without a read; on PostgreSQL the provider's write without an
        // ETag must be refused, not applied, when another booking already holds the reference.
        var clusterId = "claim-" + Guid.NewGuid().ToString("N")[..8];
        await using var silo = await PostgresSilo.StartAsync(postgres.ConnectionString, clusterId, "c");
        var grain = silo.Client.GetGrain<Ticketing.Bookings.IBookingReferenceGrain>(Ticketing.Bookings.BookingReference.New());
        var owner = Guid.NewGuid().ToString("N");
        Assert.True(await grain.TryClaimAsync(owner));

        await silo.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.False(await grain.TryClaimAsync(Guid.NewGuid().ToString("N")));
        await silo.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        Assert.True(await grain.TryClaimAsync(owner));
        Assert.Equal(owner, await grain.GetBookingIdAsync());
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

    [PostgresFact]
    public async Task Idempotency_records_past_their_retention_are_swept_from_the_table_and_newer_ones_kept()
    {
        var clusterId = "sweep-" + Guid.NewGuid().ToString("N")[..8];
        await using var silo = await PostgresSilo.StartAsync(postgres.ConnectionString, clusterId, "s");
        var old = silo.Client.GetGrain<Ticketing.Idempotency.IIdempotencyGrain>("sweep-old-" + Guid.NewGuid().ToString("N"));
        var fresh = silo.Client.GetGrain<Ticketing.Idempotency.IIdempotencyGrain>("sweep-new-" + Guid.NewGuid().ToString("N"));
        Assert.Equal(Ticketing.Idempotency.IdempotencyDecision.Proceed, (await old.BeginAsync("body")).Decision);
        Assert.Equal(Ticketing.Idempotency.IdempotencyDecision.Proceed, (await fresh.BeginAsync("body")).Decision);

        await using (var connection = new NpgsqlConnection(postgres.ConnectionString))
        {
            await connection.OpenAsync();
            await using var age = new NpgsqlCommand(
                "UPDATE OrleansStorage SET ModifiedOn = ModifiedOn - interval '26 hours' WHERE GrainTypeString = 'idempotency' AND GrainIdExtensionString LIKE 'sweep-old-%'", connection);
            Assert.Equal(1, await age.ExecuteNonQueryAsync());
        }

        var sweeper = new Ticketing.Silo.Storage.PostgresStoredStateSweeper(
            postgres.ConnectionString, "ticketing");
        Assert.True(await sweeper.DeleteOlderThanAsync("idempotency", Ticketing.Silo.Storage.ExpiredStateCleanupService.IdempotencyAge, CancellationToken.None) >= 1);

        await using (var connection = new NpgsqlConnection(postgres.ConnectionString))
        {
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand(
                "SELECT GrainIdExtensionString FROM OrleansStorage WHERE GrainTypeString = 'idempotency' AND GrainIdExtensionString LIKE 'sweep-%'", connection);
            var left = new List<string>();
            await using var reader = await count.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                left.Add(reader.GetString(0));
            }

            Assert.Single(left, k => k.StartsWith("sweep-new-", StringComparison.Ordinal));
            Assert.DoesNotContain(left, k => k.StartsWith("sweep-old-", StringComparison.Ordinal));
        }
    }
}
