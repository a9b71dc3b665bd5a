using Microsoft.Extensions.DependencyInjection;
using Ticketing.Bookings;
using Ticketing.Common;
using Ticketing.Reservations;
using Ticketing.Seats;
using Ticketing.Tests.Bookings.Support;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Reservations;

/// <summary>
/// A silo lost in the middle of a hold, on a real 2-silo PostgreSQL cluster: the rows already hold the seats for a
/// reservation whose record was never stored. Nobody was told "held", and the seats must not stay held past the
/// hold's TTL: they expire like any hold and another buyer gets them.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReservationSiloLossTests(PostgresFixture postgres)
{
    private const int TtlSeconds = 10;

    [PostgresFact]
    public async Task Seats_held_by_a_reservation_whose_silo_died_mid_hold_are_free_again_after_its_ttl()
    {
        var clusterId = "hold-loss-" + Guid.NewGuid().ToString("N")[..8];
        var faults = new Dictionary<string, ScriptedBookingFaults> { ["a"] = new(), ["b"] = new() };
        var silos = new Dictionary<string, PostgresSilo>();
        foreach (var name in faults.Keys)
        {
            silos[name] = await PostgresSilo.StartAsync(postgres.ConnectionString, clusterId, name, services: s => s.AddSingleton<IBookingFaults>(faults[name]));
        }

        try
        {
            await Poll.UntilAsync(() => silos["a"].Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true), h => h.Count == 2,
                TimeSpan.FromSeconds(30), "both silos to be active");
            var sale = await Sale.OpenAsync(silos["a"].Client, TimeProvider.System, holdTtlSeconds: TtlSeconds);
            var reservationId = Ids.New();
            var stoppedOn = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            var never = new TaskCompletionSource();
            foreach (var (name, scripted) in faults)
            {
                scripted.RunAt(BookingFaultPoints.AfterSeatsHeldBeforeRecord, reservationId, () =>
                {
                    stoppedOn.TrySetResult(name);
                    return never.Task;
                });
            }

            var startedAt = DateTimeOffset.UtcNow;
            var hold = silos["a"].Client.GetGrain<IReservationGrain>(reservationId)
                .CreateAsync(new CreateReservation(Ids.New(), sale.EventId, [Sale.Seat(1), Sale.Seat(2)], null, null));
            _ = hold.ContinueWith(t => t.Exception, TaskScheduler.Default);
            var lost = await stoppedOn.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var survivor = silos[lost == "a" ? "b" : "a"];
            await silos[lost].LoseAsync(TimeSpan.FromSeconds(3));
            await silos[lost].DisposeAsync();
            silos.Remove(lost);
            Assert.False(hold.IsCompletedSuccessfully, "nobody was told the seats were held");

            var grains = survivor.Client;
            Assert.Null(await grains.GetGrain<IReservationGrain>(reservationId).GetAsync());
            var seated = sale.WithGrains(grains);
            var retaken = await Poll.UntilAsync(
                () => grains.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation(Ids.New(), sale.EventId, [Sale.Seat(1), Sale.Seat(2)], null, null)),
                r => r.Succeeded, TimeSpan.FromSeconds(TtlSeconds + 60), "the seats to be free again");
            Assert.True(DateTimeOffset.UtcNow - startedAt >= TimeSpan.FromSeconds(TtlSeconds) - TimeSpan.FromSeconds(1),
                "the rows had really held the seats until the dead hold's TTL");
            Assert.Equal([Sale.Seat(1), Sale.Seat(2)], retaken.Reservation!.SeatIds.AsEnumerable());
            var row = await grains.GetGrain<ISeatRowGrain>(SeatRowKey.For(seated.EventId, "ORCH", "A")).GetSnapshotAsync();
            Assert.Equal([SeatStatus.Held, SeatStatus.Held], row!.Seats.Take(2));
        }
        finally
        {
            foreach (var silo in silos.Values)
            {
                await silo.DisposeAsync();
            }
        }
    }
}
