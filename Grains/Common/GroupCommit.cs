using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Serialization;

namespace Ticketing.Common;

/// <summary>
/// Group commit for a hot grain's state. The grain is reentrant: each request checks and changes the state in one
/// synchronous stretch (no await in between, so the turn model still makes check-then-act atomic), then awaits
/// <see cref="CommitAsync"/>. One write is in flight at a time; every change made while it runs is stored by the next
/// write, shared by all of them. A hot row under a flash sale thus costs one write per round trip to the database
/// rather than one per request, and nobody queues behind somebody else's database round trip.
/// <para>
/// The rules that keep it correct: an answer that depends on the state (a success above all) is sent only after the
/// state it saw is stored (<see cref="CommitAsync"/> after a change, <see cref="DurableAsync"/> without one, e.g. the
/// retry that finds its seat already sold to it); every entry point first awaits <see cref="ReadyAsync"/>. A failed
/// write fails every request whose change was not stored, and memory is put back to what storage holds before anyone
/// else looks (or, if storage cannot be read, the activation is dropped), so no answer is ever given from a change
/// that was lost.
/// </para>
/// <para>
/// Requests read and change <see cref="State"/>, never <c>state.State</c>: a write stores a copy taken when it starts,
/// because the storage provider may serialize off the grain's turn (its continuations need not come back to the
/// grain), and requests keep changing the working state meanwhile. Serializing the live state then failed with a
/// collection modified under it, or could store half of a change.
/// </para>
/// </summary>
public sealed class GroupCommit<T>(IPersistentState<T> state, IGrainBase grain)
    where T : class
{
    private readonly DeepCopier _copier = grain.GrainContext.ActivationServices.GetRequiredService<DeepCopier>();
    private T? _working;
    private TaskCompletionSource? _writing;
    private TaskCompletionSource? _next;
    private Task? _restoring;
    private bool _broken;

    /// <summary>The state requests read and change (a copy of what was last read or written; see the remarks above).</summary>
    public T State => _working ??= _copier.Copy(state.State);

    /// <summary>Completes at once, except while memory is being put back after a failed write.</summary>
    public Task ReadyAsync() => _broken ? Broken() : _restoring ?? Task.CompletedTask;

    /// <summary>Completes when a write that includes every change made so far is stored; fails if that write fails.</summary>
    public Task CommitAsync()
    {
        if (_broken || _restoring is not null)
        {
            // Every entry point waits for ReadyAsync, so a change cannot be made while memory is put back; if one
            // is, it was made to state that is being replaced: refuse it rather than write alongside the read.
            return Broken();
        }

        if (_writing is not null)
        {
            _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _next.Task;
        }

        _writing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var written = _writing.Task;
        _ = WriteAsync();
        return written;
    }

    /// <summary>Completes when every change made so far is stored (at once when nothing is being written).</summary>
    public Task DurableAsync() => _broken ? Broken() : _next?.Task ?? _writing?.Task ?? Task.CompletedTask;

    private async Task WriteAsync()
    {
        while (_writing is { } batch)
        {
            try
            {
                // Taken in this turn, so the write carries every change made so far and nothing touches it while it runs.
                state.State = _copier.Copy(State);
                await state.WriteStateAsync();
            }
            catch (Exception ex)
            {
                var next = _next;
                _writing = null;
                _next = null;
                _restoring = RestoreAsync();
                await _restoring;
                batch.TrySetException(ex);
                next?.TrySetException(ex);
                return;
            }

            _writing = _next;
            _next = null;
            batch.TrySetResult();
        }
    }

    private async Task RestoreAsync()
    {
        try
        {
            await state.ReadStateAsync();
            _working = _copier.Copy(state.State);
        }
        catch
        {
            _broken = true;
            grain.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "grain state could not be stored or re-read"));
        }
        finally
        {
            _restoring = null;
        }
    }

    private static Task Broken() => Task.FromException(new InvalidOperationException("This activation is restoring its state after a failed write; retry."));
}
