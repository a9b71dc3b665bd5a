using Ticketing.Bookings;
using Ticketing.Common;
using Ticketing.Seats;
using Ticketing.Tests.Bookings.Support;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Events;

/// <summary>
/// The live seat map survives the loss of the silo that served it: on a 2-silo PostgreSQL cluster the view is
/// rebuilt on the other silo from the rows (which are the truth, in storage) and goes on following them.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AvailabilityFailoverTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [PostgresFact]
    public async Task After_the_views_silo_is_lost_the_other_silo_rebuilds_it_with_every_hold_and_sale()
    {
        var clusterId = "view-failover-" + Guid.NewGuid().ToString("N")[..8];
        var silos = new List<PostgresSilo>
        {
            await PostgresSilo.StartAsync(postgres.ConnectionString, clusterId, "a"),
            await PostgresSilo.StartAsync(postgres.ConnectionString, clusterId, "b"),
        };
        try
        {
            await Poll.UntilAsync(() => silos[0].Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true), h => h.Count == 2, Patience, "both silos");
            var grains = silos[0].Client;
            var sale = await Sale.OpenAsync(grains, TimeProvider.System);
            await sale.HoldAsync(Ids.New(), 1, 2);
            var buyer = Ids.New();
            var sold = await grains.GetGrain<IBookingGrain>(Ids.New()).ConfirmAsync(new ConfirmBooking(buyer, await sale.HoldAsync(buyer, 3), "mock", MockTokens.Success));
            Assert.True(sold.Succeeded, sold.Error?.Message);
            SeatStatus[] expected = [SeatStatus.Held, SeatStatus.Held, SeatStatus.Sold, .. Enumerable.Repeat(SeatStatus.Available, 7)];
            await SeatsAsync(grains, sale.EventId, expected);

            var viewSilo = await grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grains.GetGrain<IEventAvailabilityGrain>(sale.EventId));
            var lost = silos.Single(s => s.Address.Equals(viewSilo));
            var survivor = silos.Single(s => s != lost);
            await lost.LoseAsync(TimeSpan.FromSeconds(5));
            await lost.DisposeAsync();
            silos.Remove(lost);

            await SeatsAsync(survivor.Client, sale.EventId, expected);
            await sale.WithGrains(survivor.Client).HoldAsync(Ids.New(), 4);
            expected[3] = SeatStatus.Held;
            await SeatsAsync(survivor.Client, sale.EventId, expected);
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    private static Task SeatsAsync(IGrainFactory grains, string eventId, SeatStatus[] expected)
        => Poll.UntilAsync(() => grains.GetGrain<IEventAvailabilityGrain>(eventId).GetAsync(),
            a => a.Rows.Single().Seats.SequenceEqual(expected), Patience, "the seat map to show " + string.Join(",", expected));
}
