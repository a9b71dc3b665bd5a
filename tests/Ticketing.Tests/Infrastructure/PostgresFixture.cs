using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Ticketing.Silo.Database;

namespace Ticketing.Tests.Infrastructure;

/// <summary>
/// A fresh, migrated database on the PostgreSQL server named by <c>TICKETING_TEST_POSTGRES</c> (scripts/test.sh
/// starts a throwaway one). Each fixture instance gets its own database, dropped afterwards.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string EnvironmentVariable = "TICKETING_TEST_POSTGRES";

    private string? _database;

    public string ConnectionString { get; private set; } = "";

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set: run ./scripts/test.sh, which starts a throwaway PostgreSQL (or set TICKETING_SKIP_POSTGRES=1 to skip these tests).");

    public async Task InitializeAsync()
    {
        if (PostgresFactAttribute.Skipped)
        {
            return;
        }

        _database = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var server = new NpgsqlConnection(ServerConnectionString))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", server);
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = _database, MaxPoolSize = 40 }.ConnectionString;
        await SchemaMigrator.MigrateAsync(ConnectionString, NullLogger.Instance, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_database is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(ServerConnectionString);
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
