using System.Collections.Immutable;

namespace Ticketing.Reservations;

/// <summary>
/// One user's reservations (key: user id), newest first: the list behind <c>GET /reservations/user/{id}</c> and
/// the per-event cap on concurrently active holds, checked and taken atomically.
/// </summary>
[Alias("ticketing.IUserReservationsGrain")]
public interface IUserReservationsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Admits a hold being made unless the user already has <paramref name="cap"/> live or admitted holds on the
    /// event. Admission is kept in memory only: most attempts in a flash sale are refused by the seats, and a refused
    /// attempt must cost no write. <see cref="RecordAsync"/> stores it once the seats are held.
    /// </summary>
    Task<bool> TryAdmitAsync(string reservationId, string eventId, DateTimeOffset expiresAt, int cap);

    /// <summary>Stores an admitted hold whose seats are now held (also when the admission was lost meanwhile).</summary>
    Task RecordAsync(string reservationId, string eventId, DateTimeOffset expiresAt);

    /// <summary>The hold's expiry moved (extend, payment pin).</summary>
    Task UpdateExpiryAsync(string reservationId, DateTimeOffset expiresAt);

    /// <summary>
    /// The hold ended (confirmed, cancelled, expired): it no longer counts towards the cap. Kept in memory and stored
    /// with the index's next write (or when the activation goes), not written on its own: the reservation's record
    /// is what says a hold ended, and a hold counted against the cap is checked there before a refusal
    /// (<see cref="LiveHoldsAsync"/>), so a mark lost with the activation costs a look-up, never a wrong answer.
    /// </summary>
    Task MarkEndedAsync(string reservationId);

    /// <summary>The stored holds on the event that count towards the cap now (not ended, not expired).</summary>
    [ReadOnly]
    Task<ImmutableArray<string>> LiveHoldsAsync(string eventId);

    /// <summary>The hold was never made (seats unavailable, or its record could not be stored): drop it.</summary>
    Task ForgetAsync(string reservationId);

    /// <summary>
    /// An attempt admitted under this id was refused: its admission no longer counts. A hold recorded under the id
    /// (made by another attempt under the same id, which only the reservation records) stays listed.
    /// </summary>
    Task WithdrawAsync(string reservationId);

    [ReadOnly]
    Task<ReservationIdPage> GetPageAsync(int skip, int take);
}

[GenerateSerializer, Immutable, Alias("ticketing.ReservationIdPage")]
public sealed record ReservationIdPage([property: Id(0)] ImmutableArray<string> ReservationIds, [property: Id(1)] int Total);
