using System.Collections.Immutable;

namespace Ticketing.Bookings;

/// <summary>One shard of an event's confirmed bookings (key: <see cref="EventBookingsKey"/>).</summary>
[Alias("ticketing.IEventBookingShardGrain")]
public interface IEventBookingShardGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records a confirmed booking (idempotent). Returns true if the event's bookings are being refunded (the event was
    /// cancelled): the booking then refunds itself, so nothing confirmed after the refund run began is missed.
    /// </summary>
    Task<bool> AddAsync(string bookingId);

    /// <summary>Marks the shard as refunding (later additions are told so) and returns its bookings.</summary>
    Task<ImmutableArray<string>> MarkRefundingAsync();

    [ReadOnly]
    Task<ImmutableArray<string>> GetBookingIdsAsync();
}
