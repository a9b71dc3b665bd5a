using System.Globalization;
using Npgsql;
using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using Ticketing.Silo.Database;

namespace Ticketing.Silo.Storage.Postgres;

/// <summary>
/// Grain state in PostgreSQL, on the same <c>OrleansStorage</c> table, keys and statements as Orleans' ADO.NET
/// provider (<see cref="StoredStateKey"/>, <see cref="StateQueries"/>), with one difference: writes and clears of
/// different grains travel together (<see cref="PostgresWriteBatcher"/>), a batch per round trip and transaction,
/// instead of one statement and one commit each. Reads go straight to the database: a grain waits for its state.
/// <para>
/// The contract is the provider contract every grain relies on: a write with a version the row no longer has, or a
/// first write (no ETag) for a row that exists, is refused with <see cref="InconsistentStateException"/> and changes
/// nothing; a write is acknowledged only once committed.
/// </para>
/// </summary>
public sealed class PostgresGrainStorage(
    string name,
    string connectionString,
    string serviceId,
    PostgresWriteBatcher writes,
    IGrainStorageSerializer serializer,
    IActivatorProvider activators) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private StateQueries? _queries;

    public void Participate(ISiloLifecycle lifecycle)
        => lifecycle.Subscribe($"{nameof(PostgresGrainStorage)}-{name}", ServiceLifecycleStage.ApplicationServices,
            async cancellationToken => _queries = await StateQueries.LoadAsync(connectionString, cancellationToken),
            _ => Task.CompletedTask);

    private StateQueries Queries => _queries ?? throw new InvalidOperationException($"Grain storage '{name}' is used before the silo started it.");

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = StoredStateKey.For(stateName, grainId);
        byte[]? payload = null;
        int? version = null;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(Queries.Read, connection);
            StateQueries.AddKey(command.Parameters, key, serviceId);
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync())
            {
                payload = reader.IsDBNull(0) ? null : (byte[])reader.GetValue(0);
                version = reader.IsDBNull(2) ? null : reader.GetInt32(2);
            }
        }

        grainState.State = payload is null ? activators.GetActivator<T>().Create() : serializer.Deserialize<T>(new BinaryData(payload));
        grainState.ETag = ToETag(version);
        grainState.RecordExists = payload is not null;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var expected = FromETag(grainState.ETag);
        var payload = serializer.Serialize(grainState.State).ToArray();
        var version = await writes.WriteAsync(new StateWrite(StoredStateKey.For(stateName, grainId), Queries.Write, expected, payload));

        // The statement answers the version the caller sent when neither its update nor its insert applied.
        if (version is null || version == expected)
        {
            throw Inconsistent("write", stateName, grainId, grainState.ETag);
        }

        grainState.ETag = ToETag(version);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (!grainState.RecordExists && grainState.ETag is null)
        {
            // Never read: clearing needs the stored version, and there may be nothing to clear.
            await ReadStateAsync(stateName, grainId, grainState);
            if (!grainState.RecordExists)
            {
                return;
            }
        }

        var expected = FromETag(grainState.ETag);
        var version = await writes.WriteAsync(new StateWrite(StoredStateKey.For(stateName, grainId), Queries.Clear, expected, payload: null));
        if (version is null || version == expected)
        {
            throw Inconsistent("clear", stateName, grainId, grainState.ETag);
        }

        // The row stays with its payload gone, so the version sequence continues for a later write.
        grainState.ETag = ToETag(version);
        grainState.RecordExists = false;
        grainState.State = activators.GetActivator<T>().Create();
    }

    private static int? FromETag(string? eTag) => string.IsNullOrWhiteSpace(eTag) ? null : int.Parse(eTag, CultureInfo.InvariantCulture);

    private static string? ToETag(int? version) => version?.ToString(CultureInfo.InvariantCulture);

    private InconsistentStateException Inconsistent(string operation, string stateName, GrainId grainId, string? eTag)
        => new($"Version conflict ({operation}): ServiceId={serviceId} ProviderName={name} GrainType={stateName} GrainId={grainId} ETag={eTag}.");
}
