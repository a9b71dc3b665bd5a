using Ticketing.Seats;
using Ticketing.Tests.Builders;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Seats;

/// <summary>
/// The counter keeps its number of places sold up to date instead of summing every booking on each hold: the number
/// must follow sales, returns and a failed write (whose sale memory gives up and storage never had).
/// </summary>
[Collection(StorageFaultCollection.Name)]
public sealed class GeneralAdmissionCountTests(StorageFaultClusterFixture fixture)
{
    private IClusterClient Client => fixture.Client;

    [Fact]
    public async Task Places_sold_follow_sales_returns_and_a_sale_whose_write_failed()
    {
        var eventId = await new EventBuilder().WithSeats(1, 10).WithGeneralAdmission(5).PublishAsync(Client, fixture.Time.GetUtcNow());
        var ga = Client.GetGrain<IGeneralAdmissionGrain>(GeneralAdmissionKey.For(eventId, EventBuilder.GeneralAdmissionId));
        var expiresAt = fixture.Time.GetUtcNow().AddMinutes(10);
        Assert.True((await ga.TryHoldAsync("res-1", 2, expiresAt)).Succeeded);
        Assert.True((await ga.SellAsync("res-1", "booking-1")).Succeeded);
        Assert.True((await ga.TryHoldAsync("res-2", 2, expiresAt)).Succeeded);

        fixture.Faults.FailNextWrites(eventId + "/");
        await Assert.ThrowsAnyAsync<Exception>(() => ga.SellAsync("res-2", "booking-2"));

        // 2 sold, 2 held: one place left, not two.
        Assert.Equal((2, 2), Counts(await ga.GetSnapshotAsync()));
        Assert.False((await ga.TryHoldAsync("res-3", 2, expiresAt)).Succeeded);
        Assert.True((await ga.TryHoldAsync("res-3", 1, expiresAt)).Succeeded);
        Assert.False((await ga.SellIfAvailableAsync("booking-9", 1)).Succeeded);

        await ga.ReturnToSaleAsync("booking-1");
        await ga.ReturnToSaleAsync("booking-1");
        Assert.Equal((0, 3), Counts(await ga.GetSnapshotAsync()));
        Assert.True((await ga.SellIfAvailableAsync("booking-4", 2)).Succeeded);
        Assert.False((await ga.TryHoldAsync("res-5", 1, expiresAt)).Succeeded);

        await fixture.DeactivateEverythingAsync();
        Assert.Equal((2, 3), Counts(await ga.GetSnapshotAsync()));
        Assert.False((await ga.SellIfAvailableAsync("booking-5", 1)).Succeeded);
    }

    [Fact]
    public async Task A_hold_is_never_shortened_by_its_own_reservation_and_an_attempt_gives_back_only_places_held_until_its_own_expiry()
    {
        var eventId = await new EventBuilder().WithSeats(1, 10).WithGeneralAdmission(5).PublishAsync(Client, fixture.Time.GetUtcNow());
        var ga = Client.GetGrain<IGeneralAdmissionGrain>(GeneralAdmissionKey.For(eventId, EventBuilder.GeneralAdmissionId));
        var now = fixture.Time.GetUtcNow();
        Assert.True((await ga.TryHoldAsync("res-1", 2, now.AddMinutes(5))).Succeeded);

        // A retry under the same id with a later expiry lengthens the hold; the first attempt's give-back, fenced by
        // its own expiry, then leaves it.
        Assert.True((await ga.TryHoldAsync("res-1", 2, now.AddMinutes(10))).Succeeded);
        await ga.ReleaseAttemptAsync("res-1", now.AddMinutes(5));
        Assert.Equal((0, 2), Counts(await ga.GetSnapshotAsync()));

        // A late attempt with the earlier expiry neither shortens it nor, given back, ends it.
        Assert.True((await ga.TryHoldAsync("res-1", 2, now.AddMinutes(5))).Succeeded);
        await ga.ReleaseAttemptAsync("res-1", now.AddMinutes(5));
        Assert.Equal((0, 2), Counts(await ga.GetSnapshotAsync()));

        await ga.ReleaseAttemptAsync("res-1", now.AddMinutes(10));
        Assert.Equal((0, 0), Counts(await ga.GetSnapshotAsync()));
    }

    private static (int Sold, int Held) Counts(GeneralAdmissionSnapshot? snapshot) => (snapshot!.Sold, snapshot.Held);
}
