using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Ticketing.Common;

/// <summary>
/// Grain state read when first needed rather than when the grain activates, for a grain that is often created
/// under an id minted for that very call. Most hold attempts of a flash sale are refused, and each activated a
/// reservation under a brand-new id only to read, from PostgreSQL, the record that cannot exist yet: about a third
/// of the database's statements in the PostgreSQL bench. A caller that minted the id says so and the grain starts
/// empty without reading (<see cref="StartEmpty"/>). Were a record stored under the id after all, the first write
/// carries no ETag, so storage refuses it instead of overwriting.
/// Same storage, state name and key as <c>[PersistentState]</c>: what is stored does not change.
/// </summary>
public sealed class LazyGrainState<T>(IGrainContext context, string stateName, string storageName)
    where T : class, new()
{
    private readonly IGrainStorage _storage = context.ActivationServices.GetRequiredKeyedService<IGrainStorage>(storageName);
    private readonly GrainState<T> _state = new(new T());
    private bool _loaded;

    public bool IsLoaded => _loaded;

    public T State => _loaded ? _state.State! : throw new InvalidOperationException($"The {stateName} state of {context.GrainId} was used before it was loaded.");

    /// <summary>Reads the stored state, once per activation.</summary>
    public async Task LoadAsync()
    {
        if (_loaded)
        {
            return;
        }

        await _storage.ReadStateAsync(stateName, context.GrainId, _state);
        _state.State ??= new T();
        _loaded = true;
    }

    /// <summary>
    /// Starts from an empty state without reading: for an id minted for this call, under which nothing can be stored,
    /// or for a first write meant as insert-if-absent (without an ETag, storage refuses it when a record exists).
    /// </summary>
    public void StartEmpty() => _loaded = true;

    /// <summary>Drops what this activation holds, so the next use reads storage again (after a refused or failed write).</summary>
    public void Forget()
    {
        _loaded = false;
        _state.State = new T();
        _state.ETag = null;
        _state.RecordExists = false;
    }

    /// <summary>Replaces what this activation holds with an empty state, keeping the ETag (to store the empty state in its place).</summary>
    public void Empty() => _state.State = new T();

    public Task WriteStateAsync() => _storage.WriteStateAsync(stateName, context.GrainId, _state);

    /// <summary>Writes; if the write fails, what this activation holds is dropped so the next use reads storage again.</summary>
    public async Task WriteOrForgetAsync()
    {
        try
        {
            await WriteStateAsync();
        }
        catch
        {
            Forget();
            throw;
        }
    }

    /// <summary>Clears the stored record (storage keeps the version sequence) and starts from an empty state.</summary>
    public async Task ClearStateAsync()
    {
        try
        {
            await _storage.ClearStateAsync(stateName, context.GrainId, _state);
            _state.State = new T();
        }
        catch
        {
            Forget();
            throw;
        }
    }
}
