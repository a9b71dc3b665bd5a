namespace Ticketing.Idempotency;

public enum IdempotencyStatus
{
    /// <summary>Nothing recorded (new key, or cleared after 24 hours).</summary>
    None,

    /// <summary>A request owns the operation until its lease lapses.</summary>
    InFlight,

    /// <summary>The final response is stored for replay.</summary>
    Completed,

    /// <summary>The last attempt ended without a final answer; the next request takes over.</summary>
    Abandoned,
}
