using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Ticketing.Silo.Database;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Database;

[Collection(PostgresCollection.Name)]
public sealed class SchemaMigratorTests(PostgresFixture postgres)
{
    /// <summary>Every query key the Orleans 10.4 ADO.NET clustering, persistence and reminder providers read.</summary>
    private static readonly string[] ProviderQueryKeys =
    [
        "UpdateIAmAlivetimeKey", "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "CleanupDefunctSiloEntriesKey",
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [PostgresFact]
    public async Task Migrating_twice_is_a_no_op_and_records_each_version_once()
    {
        await SchemaMigrator.MigrateAsync(postgres.ConnectionString, NullLogger.Instance, CancellationToken.None);
        await SchemaMigrator.MigrateAsync(postgres.ConnectionString, NullLogger.Instance, CancellationToken.None);

        var versions = await QueryAsync("SELECT version FROM ticketing_schema_migrations ORDER BY version", r => r.GetInt32(0));
        Assert.Equal(SchemaMigrator.Scripts.Select(s => s.Version), versions);
    }

    [PostgresFact]
    public async Task Concurrent_migrations_of_a_fresh_database_do_not_collide()
    {
        var database = "m_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteOnServerAsync($"CREATE DATABASE {database}");
        try
        {
            var connectionString = new NpgsqlConnectionStringBuilder(PostgresFixture.ServerConnectionString) { Database = database }.ConnectionString;
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SchemaMigrator.MigrateAsync(connectionString, NullLogger.Instance, CancellationToken.None)));
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM ticketing_schema_migrations", connection);
            Assert.Equal((long)SchemaMigrator.Scripts.Count, await count.ExecuteScalarAsync());
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    [PostgresFact]
    public async Task Grain_state_is_compressed_with_lz4_where_the_server_has_it()
    {
        await SchemaMigrator.MigrateAsync(postgres.ConnectionString, NullLogger.Instance, CancellationToken.None);

        var method = (await QueryAsync(
            "SELECT attcompression::text FROM pg_attribute WHERE attrelid = 'orleansstorage'::regclass AND attname = 'payloadbinary'",
            r => r.GetString(0))).Single();
        Assert.Equal(await ServerHasLz4Async() ? "l" : "", method);
    }

    private async Task<bool> ServerHasLz4Async()
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        try
        {
            await using var probe = new NpgsqlCommand("CREATE TEMP TABLE lz4_probe (b bytea COMPRESSION lz4)", connection);
            await probe.ExecuteNonQueryAsync();
            return true;
        }
        catch (PostgresException)
        {
            return false;
        }
    }

    [PostgresFact]
    public async Task Every_query_key_the_providers_use_is_present()
    {
        var keys = await QueryAsync("SELECT QueryKey FROM OrleansQuery", r => r.GetString(0));
        Assert.Empty(ProviderQueryKeys.Except(keys));
    }

    [PostgresFact]
    public async Task An_unreachable_database_is_reported_in_one_line()
    {
        var dead = $"Host=127.0.0.1;Port={FreePort.Next()};Database=x;Username=x;Timeout=2";
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => SchemaMigrator.MigrateAsync(dead, NullLogger.Instance, CancellationToken.None));
        Assert.StartsWith("cannot reach PostgreSQL at 127.0.0.1:", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.False(await SchemaMigrator.CanConnectAsync(dead, CancellationToken.None));
    }

    private async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static async Task ExecuteOnServerAsync(string sql)
    {
        await using var server = new NpgsqlConnection(PostgresFixture.ServerConnectionString);
        await server.OpenAsync();
        await using var command = new NpgsqlCommand(sql, server);
        await command.ExecuteNonQueryAsync();
    }
}
