namespace Ticketing.Bookings;

/// <summary>Stored as JSON under the state name <c>event-bookings</c>.</summary>
[GenerateSerializer]
public sealed class EventBookingsState
{
    [Id(0)] public List<string> BookingIds { get; set; } = [];

    [Id(1)] public bool RefundStarted { get; set; }

    /// <summary>Bookings the refund run has still to handle (failed ones come back here on the next run).</summary>
    [Id(2)] public List<string> RefundPending { get; set; } = [];

    [Id(3)] public int Refunded { get; set; }

    [Id(4)] public List<string> RefundFailed { get; set; } = [];
}
