using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Ticketing.Bookings;
using Ticketing.Common;

namespace Ticketing.Reservations;

/// <summary>
/// See <see cref="IHoldAttemptsGrain"/>. In a flash sale nine attempts in ten can be refused, and each had activated
/// (and then deactivated) a reservation grain under its new id just to be told no: about a tenth of the server's CPU
/// in the 10,000-seat benchmark. Stateless and reentrant: it keeps nothing between calls, so any number of attempts
/// may wait on their seats side by side.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class HoldAttemptsGrain(IOptions<ReservationOptions> options, IBookingFaults faults, TimeProvider time) : Grain, IHoldAttemptsGrain
{
    public async Task<ReservationResult> CreateAsync(string reservationId, CreateReservation command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!Ids.IsWellFormed(reservationId))
        {
            return ReservationResult.Fail(DomainError.Validation("reservationId", "The reservation id is not well formed."));
        }

        var reservation = GrainFactory.For<IReservationGrain>(reservationId);
        if (!command.IdIsNew)
        {
            // Something may be stored under the id: the reservation itself tells a repeat from a new request.
            return await reservation.CreateAsync(command);
        }

        var (held, refusal) = await new HoldAttempt(GrainFactory, options.Value, faults, time, reservationId, runByReservation: false).TryAsync(command);
        return held is null ? ReservationResult.Fail(refusal!) : await reservation.RecordAsync(held);
    }
}
