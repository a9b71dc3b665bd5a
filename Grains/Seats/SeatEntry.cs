using System.Text.Json.Serialization;
using Ticketing.Seats;

namespace Ticketing.Seats;

/// <summary>
/// One seat of a row as stored. Short JSON names: the whole row is rewritten on every change, so its size is
/// the cost of a hold.
/// </summary>
[GenerateSerializer]
public sealed class SeatEntry
{
    [Id(0), JsonPropertyName("s")] public SeatStatus Status { get; set; }

    /// <summary>The reservation holding the seat (Held), kept on Sold for idempotent sells.</summary>
    [Id(1), JsonPropertyName("r")] public string? ReservationId { get; set; }

    [Id(2), JsonPropertyName("e")] public DateTimeOffset? ExpiresAt { get; set; }

    [Id(3), JsonPropertyName("b")] public string? BookingId { get; set; }

    /// <summary>Held by a reservation whose hold has not expired at <paramref name="now"/>.</summary>
    public bool IsLiveHold(DateTimeOffset now) => Status == SeatStatus.Held && ExpiresAt > now;

    public bool IsFree(DateTimeOffset now) => Status == SeatStatus.Available || (Status == SeatStatus.Held && !IsLiveHold(now));

    public SeatStatus EffectiveStatus(DateTimeOffset now) => IsFree(now) ? SeatStatus.Available : Status;

    public void MakeAvailable()
    {
        Status = SeatStatus.Available;
        ReservationId = null;
        ExpiresAt = null;
        BookingId = null;
    }
}
