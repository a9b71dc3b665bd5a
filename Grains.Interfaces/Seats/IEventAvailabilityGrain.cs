namespace Ticketing.Seats;

/// <summary>
/// The event's live availability view (key: event id), fed one-way by its rows and GA counters. Updates carry
/// versions, so late or repeated ones never regress it; after a failover it rebuilds itself from the rows.
/// Not persisted: the rows are the truth.
/// </summary>
[Alias("ticketing.IEventAvailabilityGrain")]
public interface IEventAvailabilityGrain : IGrainWithStringKey
{
    [OneWay]
    Task RowChangedAsync(SeatRowSnapshot snapshot);

    [OneWay]
    Task GeneralAdmissionChangedAsync(GeneralAdmissionSnapshot snapshot);

    [ReadOnly]
    Task<EventAvailability> GetAsync();

    /// <summary>
    /// Where to look for <paramref name="quantity"/> seats of a category (see <see cref="BestAvailableHint"/>), at most
    /// <paramref name="maxRows"/> rows: one call instead of asking every row of the category in turn.
    /// </summary>
    [ReadOnly]
    Task<BestAvailableHint> SuggestAsync(string categoryId, int quantity, int maxRows);
}
