using System.Collections.Immutable;
using Ticketing.Api.Idempotency;
using Ticketing.Bookings;
using Ticketing.Common;
using Ticketing.Idempotency;
using Ticketing.Seats;
using Ticketing.Tests.Bookings.Support;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Bookings;

/// <summary>Invariant 6 for bookings: in PostgreSQL mode a confirmed booking and its stored answer outlive the silo.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BookingDurabilityTests(PostgresFixture postgres)
{
    [PostgresFact]
    public async Task A_confirmed_booking_its_reference_and_its_idempotent_answer_survive_a_silo_restart()
    {
        var clusterId = "bookings-" + Guid.NewGuid().ToString("N")[..8];
        var user = Ids.New();
        var key = Ids.New();
        const string body = "{\"same\":\"body\"}";
        Sale sale;
        BookingSnapshot booking;
        IdempotencyReply first;

        await using (var silo = await PostgresSilo.StartAsync(postgres.ConnectionString, clusterId, "first"))
        {
            sale = await Sale.OpenAsync(silo.Client, TimeProvider.System);
            var reservationId = await sale.HoldAsync(user, 1, 2);
            first = await new IdempotencyRunner(silo.Client).RunAsync(user, "bookings.confirm", key, body, async bookingId =>
            {
                var result = await silo.Client.GetGrain<IBookingGrain>(bookingId).ConfirmAsync(new ConfirmBooking(user, reservationId, "mock", MockTokens.Success));
                Assert.True(result.Succeeded, result.Error?.Message);
                return new IdempotencyOutcome(
                    new IdempotentResponse(201, "application/json", $"{{\"id\":\"{bookingId}\"}}", ImmutableDictionary<string, string>.Empty.Add("Location", "/bookings/" + bookingId)),
                    Final: true, Resumable: false);
            });
            booking = (await silo.Client.GetGrain<IUserBookingsGrain>(user).GetPageAsync(0, 1)).BookingIds is [var id]
                ? (await silo.Client.GetGrain<IBookingGrain>(id).GetAsync())!
                : throw new InvalidOperationException("the booking is not indexed for its user");
            await silo.StopAsync();
        }

        await using var second = await PostgresSilo.StartAsync(postgres.ConnectionString, clusterId, "second");
        var grains = second.Client;
        var restored = (await grains.GetGrain<IBookingGrain>(booking.Id).GetAsync())!;
        Assert.Equal(BookingStatus.Confirmed, restored.Status);
        Assert.Equal(booking.Reference, restored.Reference);
        Assert.Equal(booking.Payment, restored.Payment);
        Assert.Equal(booking.Tickets.ToArray(), restored.Tickets.ToArray());
        Assert.True((await grains.GetGrain<IBookingGrain>(booking.Id).VerifyTicketAsync(restored.Tickets[0].Code)).Valid);
        Assert.Equal(booking.Id, await grains.GetGrain<IBookingReferenceGrain>(booking.Reference!).GetBookingIdAsync());
        Assert.Equal(SeatStatus.Sold, (await grains.GetGrain<ISeatRowGrain>(SeatRowKey.For(sale.EventId, "ORCH", "A")).GetSnapshotAsync())!.Seats[0]);

        var replay = await new IdempotencyRunner(grains).RunAsync(user, "bookings.confirm", key, body,
            _ => throw new InvalidOperationException("a completed key must not run again"));
        Assert.True(replay.Replayed);
        Assert.Equal((first.Response!.StatusCode, first.Response.Body), (replay.Response!.StatusCode, replay.Response.Body));
        Assert.Equal("/bookings/" + booking.Id, replay.Response.Headers["Location"]);
    }
}
