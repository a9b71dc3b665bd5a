namespace Ticketing.Bookings;

/// <summary>Stored as JSON under the state name <c>event-bookings</c>: the refund run's progress.</summary>
[GenerateSerializer]
public sealed class EventBookingsState
{
    [Id(0)] public bool RefundStarted { get; set; }

    /// <summary>Set once every shard was marked refunding and its bookings copied into <see cref="RefundPending"/>.</summary>
    [Id(1)] public bool ShardsCollected { get; set; }

    [Id(2)] public int Total { get; set; }

    /// <summary>Bookings the run has still to handle (failed ones come back here on a retry).</summary>
    [Id(3)] public List<string> RefundPending { get; set; } = [];

    [Id(4)] public int Refunded { get; set; }

    [Id(5)] public List<string> RefundFailed { get; set; } = [];
}
