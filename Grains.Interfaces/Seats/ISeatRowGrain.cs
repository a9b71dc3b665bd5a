using System.Collections.Immutable;

namespace Ticketing.Seats;

/// <summary>
/// The authority for the seats of one row (key: <see cref="SeatRowKey"/>). Each seat is Available,
/// Held(reservation, expiresAt) or Sold(booking); a hold whose expiry has passed counts as available at once.
/// Every operation is idempotent per reservation or booking id, so a retry after a timeout or failover is harmless.
/// The row never calls reservations or bookings (no call cycles); it pushes its snapshot to the event's
/// availability view one-way.
/// </summary>
[Alias("ticketing.ISeatRowGrain")]
public interface ISeatRowGrain : IGrainWithStringKey
{
    /// <summary>Sets the row up at publish; repeating it with the same configuration is a no-op.</summary>
    Task ConfigureAsync(SeatRowConfiguration configuration);

    /// <summary>Opens or closes the row for new holds; older versions are ignored.</summary>
    Task SetSalesStateAsync(SalesState sales);

    /// <summary>Holds all of <paramref name="seatNumbers"/> for the reservation, or none.</summary>
    Task<SeatHoldResult> TryHoldAsync(string reservationId, ImmutableArray<int> seatNumbers, DateTimeOffset expiresAt);

    /// <summary>Holds <paramref name="quantity"/> adjacent available seats (best = nearest the row's middle), or none.</summary>
    Task<SeatHoldResult> TryHoldAdjacentAsync(string reservationId, int quantity, DateTimeOffset expiresAt);

    /// <summary>Moves the expiry of this reservation's holds; fails if any of them is gone.</summary>
    Task<SeatOperationResult> ExtendAsync(string reservationId, ImmutableArray<int> seatNumbers, DateTimeOffset expiresAt);

    /// <summary>Releases the seats still held by this reservation; seats held by others or sold are untouched.</summary>
    Task ReleaseAsync(string reservationId, ImmutableArray<int> seatNumbers);

    /// <summary>
    /// Gives back seats an attempt took under this reservation and could not keep: only those whose hold still ends at
    /// <paramref name="heldUntil"/>, the attempt's own expiry. Another attempt under the same id, made later, or a pin
    /// holds them until later, and keeps them.
    /// </summary>
    Task ReleaseAttemptAsync(string reservationId, ImmutableArray<int> seatNumbers, DateTimeOffset heldUntil);

    /// <summary>
    /// Sells the seats held by this reservation to the booking. Idempotent: seats already sold to the same
    /// booking count as success. Refuses if any seat is neither held by the reservation nor sold to the booking.
    /// A pinned hold (see the booking saga) is sold even if its original expiry passed.
    /// </summary>
    Task<SeatOperationResult> SellAsync(string reservationId, string bookingId, ImmutableArray<int> seatNumbers);

    /// <summary>Sells seats to a booking only if every one is available now (late payment, acceptIfAvailable).</summary>
    Task<SeatOperationResult> SellIfAvailableAsync(string bookingId, ImmutableArray<int> seatNumbers);

    /// <summary>Puts seats sold to this booking back on sale (booking cancelled or refunded). Idempotent.</summary>
    Task ReturnToSaleAsync(string bookingId, ImmutableArray<int> seatNumbers);

    [ReadOnly]
    Task<SeatRowSnapshot?> GetSnapshotAsync();
}
