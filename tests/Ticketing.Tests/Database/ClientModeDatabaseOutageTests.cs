using System.Net;
using System.Net.Http.Json;
using Ticketing.Common;
using Ticketing.Tests.Bookings.Support;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Database;

/// <summary>
/// PostgreSQL down under a cluster whose Api runs in client mode. A grain that cannot load its state fails with the
/// database driver's exception inside Orleans' own; that failure must reach the Api (across the wire) and be answered
/// 503 with Retry-After, not turned into a serialization error and a 500. Found by the cluster fault test.
/// </summary>
public sealed class ClientModeDatabaseOutageTests
{
    [PostgresFact]
    public async Task A_hold_while_the_database_is_down_is_answered_503_through_a_client_mode_api_and_works_again_after()
    {
        await using var database = await RestartablePostgres.StartAsync();
        var clusterId = "client-outage-" + Guid.NewGuid().ToString("N")[..8];
        await using var silo = await PostgresSilo.StartAsync(database.ConnectionString, clusterId, "s");
        var api = new ClientModeApi(database.ConnectionString, clusterId);
        await api.InitializeAsync();
        try
        {
            var sale = await Sale.OpenAsync(silo.Client, TimeProvider.System);
            using var buyer = api.CreateClient(Ids.New());
            Assert.Equal(HttpStatusCode.Created, (await buyer.PostAsJsonAsync("/reservations", new { eventId = sale.EventId, seatIds = new[] { Sale.Seat(1) } })).StatusCode);

            await database.StopAsync();
            // A new reservation grain must load its (empty) state first: that read fails.
            using var whileDown = await buyer.PostAsJsonAsync("/reservations", new { eventId = sale.EventId, seatIds = new[] { Sale.Seat(2) } });

            await ProblemAssert.HasCodeAsync(whileDown, HttpStatusCode.ServiceUnavailable, "service_unavailable");
            Assert.NotNull(whileDown.Headers.RetryAfter);

            await database.StartAgainAsync();
            await Poll.UntilAsync(
                async () => (await buyer.PostAsJsonAsync("/reservations", new { eventId = sale.EventId, seatIds = new[] { Sale.Seat(2) } })).StatusCode,
                status => status == HttpStatusCode.Created, TimeSpan.FromSeconds(60), "holds to work again");
        }
        finally
        {
            await api.DisposeAsync();
        }
    }
}
