using System.Collections.Immutable;

namespace Ticketing.Bookings;

/// <summary>
/// The refund run of a cancelled event (key: event id) over the bookings recorded in its
/// <see cref="IEventBookingShardGrain"/>s. The run works in small batches, each a turn of its own (the grain sends
/// itself the next batch one-way, so progress reads get in between), and a reminder resumes it after a crash and
/// retries failed refunds. Booking refunds are idempotent, so a repeated batch refunds nobody twice.
/// </summary>
[Alias("ticketing.IEventBookingsGrain")]
public interface IEventBookingsGrain : IGrainWithStringKey
{
    /// <summary>Starts (or continues, retrying failures) refunding every booking of the event; answers at once with the progress.</summary>
    Task<EventRefundProgress> RefundAllAsync();

    [ReadOnly]
    Task<EventRefundProgress> GetRefundProgressAsync();

    /// <summary>Every booking recorded for the event (from all shards).</summary>
    [ReadOnly]
    Task<ImmutableArray<string>> GetBookingIdsAsync();

    /// <summary>The grain's own next batch (sent to itself one-way); harmless to call from outside.</summary>
    [OneWay]
    Task ContinueRefundsAsync();
}
