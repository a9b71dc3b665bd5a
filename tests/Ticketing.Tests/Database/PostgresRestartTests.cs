using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Ticketing.Common;
using Ticketing.Reservations;
using Ticketing.Seats;
using Ticketing.Silo.Health;
using Ticketing.Silo.Hosting;
using Ticketing.Tests.Bookings.Support;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Database;

/// <summary>
/// PostgreSQL goes down under a running silo and comes back: the product says it is not ready, acknowledges nothing
/// it could not store, keeps everything it had acknowledged, and recovers by itself.
/// </summary>
public sealed class PostgresRestartTests
{
    [PostgresFact]
    public async Task While_the_database_is_down_nothing_is_acknowledged_and_afterwards_everything_works_again()
    {
        await using var database = await RestartablePostgres.StartAsync();
        await using var silo = await PostgresSilo.StartAsync(database.ConnectionString, "pg-restart-" + Guid.NewGuid().ToString("N")[..8], "s");
        var grains = silo.Client;
        var sale = await Sale.OpenAsync(grains, TimeProvider.System);
        var acknowledged = await sale.HoldAsync(Ids.New(), 1);
        var readiness = new DatabaseHealthCheck(HostingSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection([new("ConnectionStrings:Ticketing", database.ConnectionString)]).Build()));

        await database.StopAsync();
        Assert.Equal(HealthStatus.Unhealthy, (await readiness.CheckHealthAsync(new HealthCheckContext())).Status);
        var whileDown = Ids.New();
        ReservationResult? answered = null;
        try
        {
            answered = await grains.GetGrain<IReservationGrain>(whileDown).CreateAsync(new CreateReservation(Ids.New(), sale.EventId, [Sale.Seat(2)], null, null));
        }
        catch (Exception)
        {
            // Refused with an error (the Api answers 503): the expected outcome.
        }

        Assert.False(answered?.Succeeded == true, "a hold was acknowledged while nothing could be stored");

        await database.StartAgainAsync();
        await Poll.UntilAsync(() => readiness.CheckHealthAsync(new HealthCheckContext()), r => r.Status == HealthStatus.Healthy, TimeSpan.FromSeconds(30), "ready again");
        var after = await Poll.UntilAsync(
            async () =>
            {
                try
                {
                    return await grains.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation(Ids.New(), sale.EventId, [Sale.Seat(2)], null, null));
                }
                catch (Exception)
                {
                    return null;
                }
            },
            r => r is { Succeeded: true }, TimeSpan.FromSeconds(60), "holds to work again");
        Assert.Equal([Sale.Seat(2)], after!.Reservation!.SeatIds.AsEnumerable());
        Assert.Equal(ReservationStatus.Active, (await grains.GetGrain<IReservationGrain>(acknowledged).GetAsync())!.Status);
        Assert.Null(await grains.GetGrain<IReservationGrain>(whileDown).GetAsync());
        var row = await grains.GetGrain<ISeatRowGrain>(SeatRowKey.For(sale.EventId, "ORCH", "A")).GetSnapshotAsync();
        Assert.Equal([SeatStatus.Held, SeatStatus.Held], row!.Seats.Take(2));
    }
}
