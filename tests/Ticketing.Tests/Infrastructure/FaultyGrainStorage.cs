using Orleans.Storage;

namespace Ticketing.Tests.Infrastructure;

/// <summary>Grain storage that passes everything to <paramref name="inner"/> but fails the writes <paramref name="faults"/> says.</summary>
public sealed class FaultyGrainStorage(IGrainStorage inner, StorageFaults faults) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        => faults.ShouldFailRead(grainId)
            ? throw new TimeoutException($"injected storage fault reading {stateName} of {grainId}")
            : inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (faults.OnWrite(grainId) is { } delay && delay > TimeSpan.Zero)
        {
            // A slow database, and a provider that serializes late and off the grain's turn (as the ADO.NET one may):
            // the state handed to a write must not change until the write is done.
            var before = System.Text.Json.JsonSerializer.Serialize(grainState.State);
            await Task.Delay(delay).ConfigureAwait(false);
            if (System.Text.Json.JsonSerializer.Serialize(grainState.State) != before)
            {
                throw new InvalidOperationException($"the {stateName} state of {grainId} changed while its write was in flight");
            }
        }

        if (faults.ShouldFail(grainId))
        {
            throw new TimeoutException($"injected storage fault writing {stateName} of {grainId}");
        }

        var (eTag, recordExists) = (grainState.ETag, grainState.RecordExists);
        await inner.WriteStateAsync(stateName, grainId, grainState);
        if (faults.ShouldLoseAnswer(grainId))
        {
            // The caller never hears the new version, as with a commit whose answer a lost connection never brought back.
            (grainState.ETag, grainState.RecordExists) = (eTag, recordExists);
            throw new TimeoutException($"injected storage fault: the write of {stateName} of {grainId} was stored, its answer lost");
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        => faults.ShouldFailClear(grainId)
            ? throw new TimeoutException($"injected storage fault clearing {stateName} of {grainId}")
            : inner.ClearStateAsync(stateName, grainId, grainState);
}
