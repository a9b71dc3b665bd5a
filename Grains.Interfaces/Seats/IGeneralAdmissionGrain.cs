namespace Ticketing.Seats;

/// <summary>
/// A general-admission capacity counter (key: <see cref="GeneralAdmissionKey"/>): holds and sales by quantity,
/// never more than the capacity. Same idempotency and expiry rules as <see cref="ISeatRowGrain"/>.
/// </summary>
[Alias("ticketing.IGeneralAdmissionGrain")]
public interface IGeneralAdmissionGrain : IGrainWithStringKey
{
    Task ConfigureAsync(GeneralAdmissionConfiguration configuration);

    Task SetSalesStateAsync(SalesState sales);

    /// <summary>Holds <paramref name="quantity"/> places for the reservation (a repeat returns the same hold).</summary>
    Task<SeatHoldResult> TryHoldAsync(string reservationId, int quantity, DateTimeOffset expiresAt);

    Task<SeatOperationResult> ExtendAsync(string reservationId, DateTimeOffset expiresAt);

    Task ReleaseAsync(string reservationId);

    /// <summary>
    /// Gives back the reservation's places only if they are still held until <paramref name="heldUntil"/>: what one
    /// attempt under the id took, never a later attempt's hold (a repeat under the same id only ever lengthens it).
    /// </summary>
    Task ReleaseAttemptAsync(string reservationId, DateTimeOffset heldUntil);

    Task<SeatOperationResult> SellAsync(string reservationId, string bookingId);

    Task<SeatOperationResult> SellIfAvailableAsync(string bookingId, int quantity);

    Task ReturnToSaleAsync(string bookingId);

    [ReadOnly]
    Task<GeneralAdmissionSnapshot?> GetSnapshotAsync();
}
