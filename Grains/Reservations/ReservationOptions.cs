namespace Ticketing.Reservations;

/// <summary>Settings under <c>Ticketing:Reservations</c>.</summary>
public sealed class ReservationOptions
{
    public const string SectionName = "Ticketing:Reservations";

    /// <summary>Live holds one user may have on one event at a time (blunts hoarding bots).</summary>
    public int MaxActiveHoldsPerUserPerEvent { get; set; } = 4;

    /// <summary>A hold's total life is capped at this many times the event's hold TTL, however often it is extended.</summary>
    public double MaxHoldLifetimeFactor { get; set; } = 2.0;

    /// <summary>How long a hold is pinned while its payment runs.</summary>
    public int PaymentWindowSeconds { get; set; } = 600;
}
