using System.Collections.Immutable;
using Ticketing.Bookings;
using Ticketing.Common;
using Ticketing.Idempotency;
using Ticketing.Reservations;
using Ticketing.Tests.Bookings.Support;

namespace Ticketing.Tests.Bookings;

/// <summary>
/// What one purchase creates (reservation, booking, booking reference, idempotency record) leaves memory once it is
/// finished and stored, instead of staying for Orleans' 15-minute idle collection: a long sale would otherwise hold
/// every purchase it made. What is read afterwards comes back from storage unchanged.
/// </summary>
[Collection(BookingClusterCollection.Name)]
public sealed class FinishedGrainDeactivationTests(BookingClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task A_confirmed_purchase_leaves_memory_and_reads_back_from_storage()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 4);
        var bookingId = Ids.New();
        var booking = Grains.GetGrain<IBookingGrain>(bookingId);

        var confirmed = await booking.ConfirmAsync(new ConfirmBooking(user, reservationId, "mock", MockTokens.Success));

        Assert.True(confirmed.Succeeded, confirmed.Error?.Message);
        var reference = Grains.GetGrain<IBookingReferenceGrain>(confirmed.Booking!.Reference!);
        var reservation = Grains.GetGrain<IReservationGrain>(reservationId);
        await WaitUntilInactiveAsync(booking, reference, reservation);

        Assert.Equal(BookingStatus.Confirmed, (await booking.GetAsync())!.Status);
        Assert.Equal(bookingId, await reference.GetBookingIdAsync());
        Assert.Equal(ReservationStatus.Confirmed, (await reservation.GetAsync())!.Status);
    }

    [Fact]
    public async Task A_cancelled_reservation_leaves_memory()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 5);
        var reservation = Grains.GetGrain<IReservationGrain>(reservationId);

        Assert.True((await reservation.CancelAsync(user)).Succeeded);

        await WaitUntilInactiveAsync(reservation);
        Assert.Equal(ReservationStatus.Cancelled, (await reservation.GetAsync())!.Status);
    }

    [Fact]
    public async Task A_completed_idempotency_record_leaves_memory_and_still_replays()
    {
        var record = Grains.GetGrain<IIdempotencyGrain>(IdempotencyKey.GrainKeyFor(Ids.New(), "bookings.confirm", "key-1"));
        var begun = await record.BeginAsync("fingerprint");
        Assert.Equal(IdempotencyDecision.Proceed, begun.Decision);

        await record.CompleteAsync(begun.OperationId!, new IdempotentResponse(201, "application/json", "{}", ImmutableDictionary<string, string>.Empty));

        await WaitUntilInactiveAsync(record);
        var replay = await record.BeginAsync("fingerprint");
        Assert.Equal((IdempotencyDecision.Replay, 201), (replay.Decision, replay.Response!.StatusCode));
    }

    private async Task WaitUntilInactiveAsync(params IAddressable[] grains)
    {
        var management = fixture.Client.GetGrain<IManagementGrain>(0);
        foreach (var grain in grains)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (await management.GetGrainActivationCount((GrainReference)grain) > 0)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{grain} is still active");
                await Task.Delay(50);
            }
        }
    }
}
