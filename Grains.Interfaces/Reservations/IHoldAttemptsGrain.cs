namespace Ticketing.Reservations;

/// <summary>
/// Tries new holds (stateless, local to each silo; key 0). Most attempts of a flash sale are refused: tried here, a
/// refused attempt never activates a reservation of its own; one that gets its seats is handed to its reservation
/// (<see cref="IReservationGrain.RecordAsync"/>), which stores it. A command whose id is not new for this call (a
/// repeat, an idempotent retry) goes to its reservation, which answers repeats.
/// </summary>
[Alias("ticketing.IHoldAttemptsGrain")]
public interface IHoldAttemptsGrain : IGrainWithIntegerKey
{
    /// <summary>The same contract as <see cref="IReservationGrain.CreateAsync"/> on <paramref name="reservationId"/>.</summary>
    Task<ReservationResult> CreateAsync(string reservationId, CreateReservation command);
}
