using Npgsql;
using NpgsqlTypes;

namespace Ticketing.Silo.Storage.Postgres;

/// <summary>
/// The grain-state statements, read from <c>OrleansQuery</c> where our migration keeps them
/// (<c>Database/Sql/0003-orleans-persistence.sql</c>), so the SQL has one home whichever provider runs it.
/// </summary>
public sealed record StateQueries(string Read, string Write, string Clear)
{
    public static async Task<StateQueries> LoadAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT QueryKey, QueryText FROM OrleansQuery WHERE QueryKey IN ('ReadFromStorageKey', 'WriteToStorageKey', 'ClearStorageKey')",
            connection);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                texts[reader.GetString(0)] = reader.GetString(1);
            }
        }

        string Text(string key) => texts.TryGetValue(key, out var text)
            ? text
            : throw new InvalidOperationException($"OrleansQuery has no '{key}': the database schema is not migrated.");

        return new StateQueries(Text("ReadFromStorageKey"), Text("WriteToStorageKey"), Text("ClearStorageKey"));
    }

    public static void AddKey(NpgsqlParameterCollection parameters, StoredStateKey key, string serviceId)
    {
        parameters.Add(new NpgsqlParameter("GrainIdHash", NpgsqlDbType.Integer) { Value = key.GrainIdHash });
        parameters.Add(new NpgsqlParameter("GrainIdN0", NpgsqlDbType.Bigint) { Value = key.GrainIdN0 });
        parameters.Add(new NpgsqlParameter("GrainIdN1", NpgsqlDbType.Bigint) { Value = key.GrainIdN1 });
        parameters.Add(new NpgsqlParameter("GrainTypeHash", NpgsqlDbType.Integer) { Value = key.GrainTypeHash });
        parameters.Add(new NpgsqlParameter("GrainTypeString", NpgsqlDbType.Varchar) { Value = key.GrainTypeString });
        parameters.Add(new NpgsqlParameter("GrainIdExtensionString", NpgsqlDbType.Varchar) { Value = (object?)key.GrainIdExtensionString ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter("ServiceId", NpgsqlDbType.Varchar) { Value = serviceId });
    }
}
