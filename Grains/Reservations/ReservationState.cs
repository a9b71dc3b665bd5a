namespace Ticketing.Reservations;

[GenerateSerializer]
public sealed class ReservationState
{
    [Id(0)] public string? UserId { get; set; }
    [Id(1)] public string EventId { get; set; } = "";
    [Id(2)] public List<string> SeatIds { get; set; } = [];
    [Id(3)] public string? GeneralAdmissionCategoryId { get; set; }
    [Id(4)] public int Quantity { get; set; }
    [Id(5)] public ReservationStatus Status { get; set; }
    [Id(6)] public DateTimeOffset CreatedAt { get; set; }
    [Id(7)] public DateTimeOffset ExpiresAt { get; set; }
    [Id(8)] public long Amount { get; set; }
    [Id(9)] public string Currency { get; set; } = "";
    [Id(10)] public string? BookingId { get; set; }

    /// <summary>The expiry before a payment pinned the hold: an aborted payment gives the customer this back.</summary>
    [Id(11)] public DateTimeOffset? UnpinnedExpiresAt { get; set; }

    [Id(12)] public int HoldTtlSeconds { get; set; }

    /// <summary>What was asked for; a retry with the same id must ask for the same thing.</summary>
    [Id(13)] public string RequestFingerprint { get; set; } = "";
}
