namespace Ticketing.Silo.Storage;

/// <summary>
/// Deletes stored grain state nobody needs any more, straight from storage: records that expire by age (idempotency
/// keys) would otherwise each need a reminder of their own to clean them up, one more database write per request and
/// a reminder table growing with the request rate.
/// </summary>
public interface IStoredStateSweeper
{
    /// <returns>How many records were deleted.</returns>
    Task<int> DeleteOlderThanAsync(string stateName, TimeSpan age, CancellationToken cancellationToken);
}
