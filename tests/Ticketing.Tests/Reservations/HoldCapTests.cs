using Ticketing.Common;
using Ticketing.Reservations;
using Ticketing.Tests.Builders;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Reservations;

/// <summary>
/// A buyer may have a few live holds per event (the cap, 4 here). A hold that ends (confirmed, cancelled, expired) is
/// marked in the buyer's index in memory only, one write per booking fewer; the cap then checks the holds it would
/// count against their reservations before it refuses, so a mark lost with the index's activation never refuses a
/// buyer who is under the cap.
/// </summary>
[Collection(StorageFaultCollection.Name)]
public sealed class HoldCapTests(StorageFaultClusterFixture fixture)
{
    private IClusterClient Client => fixture.Client;

    [Fact]
    public async Task Ending_a_hold_costs_its_buyers_index_no_write()
    {
        var (eventId, userId) = await SaleAsync();
        var reservationId = await HoldAsync(eventId, userId, 1);
        fixture.Faults.DelayWrites(userId, TimeSpan.Zero);

        Assert.True((await Client.GetGrain<IReservationGrain>(reservationId).CancelAsync(userId)).Succeeded);

        Assert.Equal(0, fixture.Faults.WritesOf(userId));
        Assert.Empty(await Client.GetGrain<IUserReservationsGrain>(userId).LiveHoldsAsync(eventId));
    }

    [Fact]
    public async Task Holds_that_ended_do_not_count_towards_the_cap_after_their_marks_were_lost()
    {
        var (eventId, userId) = await SaleAsync();
        var held = new List<string>();
        foreach (var seat in new[] { 1, 2, 3, 4 })
        {
            held.Add(await HoldAsync(eventId, userId, seat));
        }

        // Ended after the last write of the index (a later hold's listing would have stored the marks).
        foreach (var id in held)
        {
            Assert.True((await Client.GetGrain<IReservationGrain>(id).CancelAsync(userId)).Succeeded);
        }

        // The index goes without storing its marks (the write on deactivation fails): stored, all four look live.
        fixture.Faults.FailNextWrites(userId);
        await fixture.DeactivateEverythingAsync();
        Assert.Equal(4, (await Client.GetGrain<IUserReservationsGrain>(userId).LiveHoldsAsync(eventId)).Length);

        var fifth = await TryHoldAsync(eventId, userId, 5);

        Assert.True(fifth.Succeeded, fifth.Error?.Message);
    }

    [Fact]
    public async Task A_listing_without_a_record_that_the_cap_set_aside_counts_again_once_its_retry_holds()
    {
        var (eventId, userId) = await SaleAsync();
        foreach (var seat in new[] { 1, 2, 3 })
        {
            await HoldAsync(eventId, userId, seat);
        }

        // Listed without a record, as a crash between the listing and the record leaves it: the fourth place.
        var orphan = Ids.New();
        var index = Client.GetGrain<IUserReservationsGrain>(userId);
        await index.RecordAsync(orphan, eventId, fixture.Time.GetUtcNow().AddMinutes(10));
        // The cap finds no record behind it and admits a new hold instead.
        await HoldAsync(eventId, userId, 4);

        // The retry of the orphan would be a fifth live hold.
        var retry = await Client.GetGrain<IReservationGrain>(orphan).CreateAsync(
            new CreateReservation(userId, eventId, [$"{EventBuilder.Section}-R1-5"], null, null, IdIsNew: false));

        Assert.Equal(DomainErrorCodes.HoldLimitReached, retry.Error?.Code);
        Assert.Equal(4, (await index.LiveHoldsAsync(eventId)).Length);
    }

    [Fact]
    public async Task Live_holds_still_count_towards_the_cap()
    {
        var (eventId, userId) = await SaleAsync();
        foreach (var seat in new[] { 1, 2, 3, 4 })
        {
            await HoldAsync(eventId, userId, seat);
        }

        var fifth = await TryHoldAsync(eventId, userId, 5);

        Assert.Equal(DomainErrorCodes.HoldLimitReached, fifth.Error?.Code);
    }

    private async Task<(string EventId, string UserId)> SaleAsync()
        => (await new EventBuilder().WithSeats(1, 10).PublishAsync(Client, fixture.Time.GetUtcNow()), Ids.New());

    private Task<ReservationResult> TryHoldAsync(string eventId, string userId, int seat)
        => Client.GetGrain<IHoldAttemptsGrain>(0).CreateAsync(Ids.New(),
            new CreateReservation(userId, eventId, [$"{EventBuilder.Section}-R1-{seat}"], null, null, IdIsNew: true));

    private async Task<string> HoldAsync(string eventId, string userId, int seat)
    {
        var held = await TryHoldAsync(eventId, userId, seat);
        Assert.True(held.Succeeded, held.Error?.Message);
        return held.Reservation!.Id;
    }
}
