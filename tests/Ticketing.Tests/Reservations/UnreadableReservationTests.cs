using Ticketing.Common;
using Ticketing.Reservations;
using Ticketing.Tests.Builders;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Reservations;

/// <summary>
/// Found by the cluster fault test: a retried hold (its id no longer new) whose record could not be read while
/// PostgreSQL restarted answered 500, because the clean-up after the failed read asked the unread state whether the
/// hold existed. The read's own failure must be what the caller sees (the Api answers 503 and the client retries),
/// and the retry then makes the hold.
/// </summary>
[Collection(StorageFaultCollection.Name)]
public sealed class UnreadableReservationTests(StorageFaultClusterFixture fixture)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_hold_whose_record_cannot_be_read_fails_with_the_read_and_its_retry_holds(bool throughHoldAttempts)
    {
        var eventId = await new EventBuilder().WithSeats(1, 10).PublishAsync(fixture.Client, fixture.Time.GetUtcNow());
        var reservationId = Ids.New();
        var command = new CreateReservation(Ids.New(), eventId, [$"{EventBuilder.Section}-R1-3"], null, null, IdIsNew: false);
        Task<ReservationResult> Hold() => throughHoldAttempts
            ? fixture.Client.GetGrain<IHoldAttemptsGrain>(0).CreateAsync(reservationId, command)
            : fixture.Client.GetGrain<IReservationGrain>(reservationId).CreateAsync(command);
        fixture.Faults.FailNextReads(reservationId);

        await Assert.ThrowsAsync<TimeoutException>(Hold);

        var retried = await Hold();
        Assert.True(retried.Succeeded, retried.Error?.Message);
        Assert.Equal(ReservationStatus.Active, retried.Reservation!.Status);
    }
}
