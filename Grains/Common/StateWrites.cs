using Orleans.Runtime;

namespace Ticketing.Common;

/// <summary>
/// Writes of authoritative state. A grain changes its state in memory and then stores it; when the write fails
/// (database down, timeout, stale ETag) memory is ahead of storage. A retry would then be answered from memory
/// ("already sold to you") while storage still says otherwise, and once the activation is gone the change is lost:
/// a seat sold twice. So a failed write puts back what storage holds before the failure is reported, and if storage
/// cannot even be read, the activation is dropped so the next call starts from storage.
/// </summary>
public static class StateWrites
{
    public static async Task WriteOrRevertAsync<T>(this IPersistentState<T> state, IGrainBase grain)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            try
            {
                await state.ReadStateAsync();
            }
            catch
            {
                grain.GrainContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "grain state could not be stored or re-read"));
            }

            throw;
        }
    }
}
