namespace Ticketing.Bookings;

/// <summary>Stored as JSON under the state name <c>event-booking-shard</c>.</summary>
[GenerateSerializer]
public sealed class EventBookingShardState
{
    [Id(0)] public List<string> BookingIds { get; set; } = [];

    [Id(1)] public bool Refunding { get; set; }
}
