using Npgsql;
using NpgsqlTypes;
using Ticketing.Silo.Database;

namespace Ticketing.Silo.Storage.Postgres;

/// <summary>
/// The grain-state statements, read from <c>OrleansQuery</c> where our migration keeps them
/// (<c>Database/Sql/0003-orleans-persistence.sql</c>), so the SQL has one home whichever provider runs it.
/// </summary>
public sealed record StateQueries(string Read, string Write, string Clear)
{
    public static async Task<StateQueries> LoadAsync(string connectionString, CancellationToken cancellationToken)
    {
        var texts = await OrleansQueries.LoadAsync(connectionString, ["ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey"], cancellationToken);
        return new StateQueries(texts[0], texts[1], texts[2]);
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
