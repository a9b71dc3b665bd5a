using System.Collections.Concurrent;

namespace Ticketing.Bench;

/// <summary>A buyer the bench registered: its id and access token.</summary>
public sealed record Buyer(string Id, string Email, string Token);

/// <summary>A booking the API answered 201 Confirmed for.</summary>
public sealed record ConfirmedBooking(string Id, string UserId, IReadOnlyList<string> SeatIds, long Amount);

/// <summary>The event under sale and what the clients saw happen to it.</summary>
public sealed class SaleModel
{
    public required string EventId { get; init; }

    /// <summary>When set-up began: ledger entries older than this belong to earlier runs on the same server.</summary>
    public required DateTimeOffset StartedAt { get; init; }
    public required int Rows { get; init; }
    public required IReadOnlyList<(string Section, string Row, string Category)> RowIds { get; init; }
    public required string GeneralAdmissionId { get; init; }
    public required string AdminToken { get; init; }
    public required IReadOnlyList<Buyer> Buyers { get; init; }
    public ConcurrentBag<ConfirmedBooking> Confirmed { get; } = [];
    public int HoldsSucceeded;
    public int BookingsConfirmed;
    public int SeatMapReads;
}
