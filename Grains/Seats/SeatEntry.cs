using System.Text.Json.Serialization;
using Ticketing.Seats;

namespace Ticketing.Seats;

/// <summary>
/// One seat of a row as stored. Short JSON names: the whole row is rewritten on every change, so its size is
/// the cost of a hold. Immutable, and marked so: a change replaces the seat's entry, and copying a row's state (every
/// write in embedded mode, every call that carries it) copies the list, not its 50-odd entries, which had been 5-6%
/// of all bytes allocated in a flash sale.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SeatEntry
{
    /// <summary>A free seat: one shared instance, since nothing can change it.</summary>
    public static readonly SeatEntry Available = new();

    [Id(0), JsonPropertyName("s")] public SeatStatus Status { get; init; }

    /// <summary>The reservation holding the seat (Held), kept on Sold for idempotent sells.</summary>
    [Id(1), JsonPropertyName("r")] public string? ReservationId { get; init; }

    [Id(2), JsonPropertyName("e")] public DateTimeOffset? ExpiresAt { get; init; }

    [Id(3), JsonPropertyName("b")] public string? BookingId { get; init; }

    /// <summary>Held by a reservation whose hold has not expired at <paramref name="now"/>.</summary>
    public bool IsLiveHold(DateTimeOffset now) => Status == SeatStatus.Held && ExpiresAt > now;

    public bool IsFree(DateTimeOffset now) => Status == SeatStatus.Available || (Status == SeatStatus.Held && !IsLiveHold(now));

    public SeatStatus EffectiveStatus(DateTimeOffset now) => IsFree(now) ? SeatStatus.Available : Status;

    public static SeatEntry HeldBy(string reservationId, DateTimeOffset expiresAt)
        => new() { Status = SeatStatus.Held, ReservationId = reservationId, ExpiresAt = expiresAt };

    public static SeatEntry SoldTo(string? reservationId, string bookingId)
        => new() { Status = SeatStatus.Sold, ReservationId = reservationId, BookingId = bookingId };
}
