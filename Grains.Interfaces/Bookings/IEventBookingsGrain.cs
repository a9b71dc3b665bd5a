using System.Collections.Immutable;

namespace Ticketing.Bookings;

/// <summary>
/// The confirmed bookings of one event (key: event id) and the resumable refund run of its cancellation. The run
/// works in small batches, each a turn of its own (the grain sends itself the next batch one-way, so progress reads
/// get in between), a reminder resumes it after a crash, and bookings confirmed while it runs are added to it.
/// </summary>
[Alias("ticketing.IEventBookingsGrain")]
public interface IEventBookingsGrain : IGrainWithStringKey
{
    /// <summary>Records a confirmed booking; idempotent.</summary>
    Task AddAsync(string bookingId);

    /// <summary>Starts (or continues) refunding every booking of the event and answers at once with the progress.</summary>
    Task<EventRefundProgress> RefundAllAsync();

    [ReadOnly]
    Task<EventRefundProgress> GetRefundProgressAsync();

    /// <summary>The grain's own next batch (sent to itself one-way); harmless to call from outside.</summary>
    [OneWay]
    Task ContinueRefundsAsync();

    [ReadOnly]
    Task<ImmutableArray<string>> GetBookingIdsAsync();
}
