using Npgsql;

namespace Ticketing.Silo.Database;

/// <summary>Reads statements from <c>OrleansQuery</c>, where our migration keeps the SQL the providers run.</summary>
public static class OrleansQueries
{
    /// <summary>The texts of <paramref name="keys"/>, in their order; a missing key means the schema is not migrated.</summary>
    public static async Task<string[]> LoadAsync(string connectionString, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT QueryKey, QueryText FROM OrleansQuery WHERE QueryKey = ANY(@keys)", connection);
        command.Parameters.AddWithValue("keys", keys.ToArray());
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                texts[reader.GetString(0)] = reader.GetString(1);
            }
        }

        return [.. keys.Select(key => texts.TryGetValue(key, out var text)
            ? text
            : throw new InvalidOperationException($"OrleansQuery has no '{key}': the database schema is not migrated."))];
    }
}
