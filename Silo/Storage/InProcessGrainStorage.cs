using System.Collections.Concurrent;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Ticketing.Silo.Storage;

/// <summary>
/// Grain state kept in this process, for embedded mode (one silo, nothing durable). Orleans' memory storage keeps
/// state in storage grains, so every write is a grain call with a copy of the serialized state; under a flash sale
/// that hop was a large share of the work. This keeps the same contract in a dictionary: a deep copy of the state
/// is stored and a deep copy handed out (what is read back is what was written, never a live object shared with a
/// grain), a fresh ETag per write, and a write with a stale ETag refused as inconsistent.
/// Copies rather than JSON: serializing every write to JSON and back was a tenth of a flash sale's CPU here, for
/// bytes nobody reads. The JSON form PostgreSQL stores is covered by its own round-trip test of every state type.
/// Per process, so it must not serve a cluster of several silos.
/// </summary>
public sealed class InProcessGrainStorage(DeepCopier copier, IActivatorProvider activators, TimeProvider? time = null)
    : IGrainStorage, IStoredStateSweeper
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private readonly ConcurrentDictionary<(string StateName, GrainId GrainId), Stored> _states = new();
    private long _lastETag;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_states.TryGetValue((stateName, grainId), out var stored) && stored.State is not null)
        {
            grainState.State = copier.Copy((T)stored.State!);
            grainState.ETag = stored.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = activators.GetActivator<T>().Create();
            grainState.ETag = stored?.ETag;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = (stateName, grainId);
        var next = new Stored(copier.Copy(grainState.State), NextETag(), _time.GetUtcNow());
        var written = grainState.ETag is null
            ? _states.TryAdd(key, next)
            : _states.TryGetValue(key, out var current) && current.ETag == grainState.ETag && _states.TryUpdate(key, next, current);
        if (!written)
        {
            throw Inconsistent(stateName, grainId, grainState.ETag);
        }

        grainState.ETag = next.ETag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Leaves a cleared record behind, as PostgreSQL does (the row stays, its payload gone, its version going on): a
    /// later write must carry the clear's ETag, so a write made without one (insert-if-absent, by a caller that never
    /// read) is refused here as it is there, rather than resurrect the record.
    /// </summary>
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = (stateName, grainId);
        if (_states.TryGetValue(key, out var current))
        {
            var cleared = new Stored(null, NextETag(), _time.GetUtcNow());
            if (current.ETag != grainState.ETag || !_states.TryUpdate(key, cleared, current))
            {
                throw Inconsistent(stateName, grainId, grainState.ETag);
            }

            grainState.ETag = cleared.ETag;
        }
        else
        {
            grainState.ETag = null;
        }

        grainState.State = activators.GetActivator<T>().Create();
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    public Task<int> DeleteOlderThanAsync(string stateName, TimeSpan age, CancellationToken cancellationToken)
    {
        var cutoff = _time.GetUtcNow() - age;
        var deleted = 0;
        foreach (var (key, stored) in _states)
        {
            if (key.StateName == stateName && stored.WrittenAt < cutoff && _states.TryRemove(KeyValuePair.Create(key, stored)))
            {
                deleted++;
            }
        }

        return Task.FromResult(deleted);
    }

    private string NextETag() => Interlocked.Increment(ref _lastETag).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private InconsistentStateException Inconsistent(string stateName, GrainId grainId, string? eTag)
        => new($"The stored {stateName} of {grainId} changed since it was read.", _states.TryGetValue((stateName, grainId), out var s) ? s.ETag : null, eTag, null);

    private sealed record Stored(object? State, string ETag, DateTimeOffset WrittenAt);
}
