using Orleans.Storage;

namespace Ticketing.Tests.Infrastructure;

/// <summary>Grain storage that passes everything to <paramref name="inner"/> but fails the writes <paramref name="faults"/> says.</summary>
public sealed class FaultyGrainStorage(IGrainStorage inner, StorageFaults faults) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        => inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (faults.OnWrite(grainId) is { } delay && delay > TimeSpan.Zero)
        {
            await Task.Delay(delay);
        }

        if (faults.ShouldFail(grainId))
        {
            throw new TimeoutException($"injected storage fault writing {stateName} of {grainId}");
        }

        await inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        => inner.ClearStateAsync(stateName, grainId, grainState);
}
