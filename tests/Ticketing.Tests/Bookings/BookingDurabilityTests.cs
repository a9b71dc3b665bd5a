using Ticketing.Api.Bookings;
using Ticketing.Bookings;
using Ticketing.Common;
using Ticketing.Seats;
using Ticketing.Tests.Bookings.Support;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Bookings;

/// <summary>
/// Invariant 6 for bookings: in PostgreSQL mode a booking, and the first answer to the request that made it, outlive
/// the silo, the answer even after the booking changed (read back from the stored JSON).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BookingDurabilityTests(PostgresFixture postgres)
{
    [PostgresFact]
    public async Task A_confirmed_booking_its_reference_and_its_idempotent_answer_survive_a_silo_restart()
    {
        var clusterId = "bookings-" + Guid.NewGuid().ToString("N")[..8];
        var user = Ids.New();
        var key = Ids.New();
        Sale sale;
        BookingSnapshot booking;
        BookingResult first;
        ConfirmBooking command;

        await using (var silo = await PostgresSilo.StartAsync(postgres.ConnectionString, clusterId, "first"))
        {
            sale = await Sale.OpenAsync(silo.Client, TimeProvider.System);
            var reservationId = await sale.HoldAsync(user, 1, 2);
            command = new ConfirmBooking(user, reservationId, "mock", MockTokens.Success);
            first = await new ConfirmationRunner(silo.Client).RunAsync(key, command);
            Assert.True(first.Succeeded, first.Error?.Message);
            Assert.False(first.Replayed);
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

        // The booking is the key's record: a repeat finds the first answer in it, and another body is refused.
        var replay = await new ConfirmationRunner(grains).RunAsync(key, command);
        Assert.True(replay.Replayed);
        Assert.Equal(first.Booking!.Id, replay.Booking!.Id);
        Assert.Equal(BookingStatus.Confirmed, replay.Booking.Status);
        Assert.Equal(booking.Reference, replay.Booking.Reference);
        Assert.Equal(first.Booking.Tickets.ToArray(), replay.Booking.Tickets.ToArray());
        Assert.True(replay.Booking.Tickets.Length > 0);
        var reused = await new ConfirmationRunner(grains).RunAsync(key, command with { PaymentToken = MockTokens.Decline });
        Assert.Equal(DomainErrorCodes.IdempotencyKeyReused, reused.Error?.Code);
    }

    [PostgresFact]
    public async Task The_first_answer_to_a_confirmation_is_replayed_after_a_restart_though_the_booking_was_cancelled_since()
    {
        var clusterId = "bookings-" + Guid.NewGuid().ToString("N")[..8];
        var user = Ids.New();
        var key = Ids.New();
        BookingResult first;
        ConfirmBooking command;

        await using (var silo = await PostgresSilo.StartAsync(postgres.ConnectionString, clusterId, "first"))
        {
            var sale = await Sale.OpenAsync(silo.Client, TimeProvider.System);
            command = new ConfirmBooking(user, await sale.HoldAsync(user, 1, 3), "mock", MockTokens.Success);
            first = await new ConfirmationRunner(silo.Client).RunAsync(key, command);
            Assert.Equal(BookingStatus.Confirmed, first.Booking!.Status);
            var cancelled = await silo.Client.GetGrain<IBookingGrain>(first.Booking.Id).CancelAsync(new BookingActor(user, IsAdmin: true));
            Assert.Equal(BookingStatus.Cancelled, cancelled.Booking!.Status);
            await silo.StopAsync();
        }

        // Read back from the stored JSON: the answer as given, beside the booking as it is now.
        await using var second = await PostgresSilo.StartAsync(postgres.ConnectionString, clusterId, "second");
        var replay = await new ConfirmationRunner(second.Client).RunAsync(key, command);

        Assert.True(replay.Replayed);
        Assert.Null(replay.Error);
        Assert.Equal(BookingStatus.Confirmed, replay.Booking!.Status);
        Assert.Equal(first.Booking.Reference, replay.Booking.Reference);
        Assert.Equal(first.Booking.Tickets.ToArray(), replay.Booking.Tickets.ToArray());
        Assert.Equal(first.Booking.Payment with { Status = BookingPaymentStatus.Succeeded }, replay.Booking.Payment);
        Assert.Equal(BookingStatus.Cancelled, (await second.Client.GetGrain<IBookingGrain>(first.Booking.Id).GetAsync())!.Status);
    }
}
