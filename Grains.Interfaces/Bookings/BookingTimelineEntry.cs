namespace Ticketing.Bookings;

/// <summary>One step of the booking's history (pinned, charged, sold, confirmed, refunded...), for support and audit.</summary>
[GenerateSerializer, Immutable, Alias("ticketing.BookingTimelineEntry")]
public sealed record BookingTimelineEntry(
    [property: Id(0)] string Step,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string? Detail);
