namespace Ticketing.Bookings;

/// <summary>
/// Progress of refunding an event's bookings after its cancellation: <see cref="Refunded"/> + <see cref="Failed"/>
/// reach <see cref="Total"/> when done. Failed ones are retried by the next run.
/// </summary>
[GenerateSerializer, Immutable, Alias("ticketing.EventRefundProgress")]
public sealed record EventRefundProgress(
    [property: Id(0)] string EventId,
    [property: Id(1)] bool Started,
    [property: Id(2)] bool Completed,
    [property: Id(3)] int Total,
    [property: Id(4)] int Refunded,
    [property: Id(5)] int Failed);
