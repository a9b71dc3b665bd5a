using Npgsql;
using NpgsqlTypes;
using Ticketing.Silo.Database;

namespace Ticketing.Silo.Storage.Postgres;

/// <summary>A grain's state write or clear: answers the row's new version, or no row when the version did not match.</summary>
public sealed class StateWrite(StoredStateKey key, string sql, int? expectedVersion, byte[]? payload) : BatchedWrite(sql)
{
    public StoredStateKey Key { get; } = key;

    protected override int Table => 1;

    public override void Bind(NpgsqlParameterCollection parameters, string serviceId)
    {
        StateQueries.AddKey(parameters, Key, serviceId);
        parameters.Add(new NpgsqlParameter("GrainStateVersion", NpgsqlDbType.Integer) { Value = (object?)expectedVersion ?? DBNull.Value });
        if (payload is not null)
        {
            parameters.Add(new NpgsqlParameter("PayloadBinary", NpgsqlDbType.Bytea) { Value = payload });
        }
    }

    protected override int CompareRow(BatchedWrite other) => StoredStateKey.Compare(Key, ((StateWrite)other).Key);

    public override string ToString() => $"state {Key}";
}
