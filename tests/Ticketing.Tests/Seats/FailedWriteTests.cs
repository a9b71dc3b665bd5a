using System.Collections.Immutable;
using Ticketing.Common;
using Ticketing.Seats;
using Ticketing.Tests.Builders;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Seats;

/// <summary>
/// A write that fails (database down, timeout) must not leave the grain believing its change happened: a retry would
/// be answered from memory ("already sold") while storage still says Held, and once the activation is gone the seat
/// would be free to sell again.
/// </summary>
[Collection(StorageFaultCollection.Name)]
public sealed class FailedWriteTests(StorageFaultClusterFixture fixture)
{
    private IClusterClient Client => fixture.Client;

    private async Task<string> EventAsync() => await new EventBuilder().WithSeats(1, 10).WithGeneralAdmission(5).PublishAsync(Client, fixture.Time.GetUtcNow());

    [Fact]
    public async Task A_sale_retried_after_a_failed_write_is_stored_and_the_seat_is_never_sold_twice()
    {
        var eventId = await EventAsync();
        var row = Client.GetGrain<ISeatRowGrain>(SeatRowKey.For(eventId, EventBuilder.Section, "R1"));
        var expiresAt = fixture.Time.GetUtcNow().AddMinutes(10);
        Assert.True((await row.TryHoldAsync("res-1", [3], expiresAt)).Succeeded);

        fixture.Faults.FailNextWrites(eventId + "/");
        await Assert.ThrowsAnyAsync<Exception>(() => row.SellAsync("res-1", "booking-1", [3]));
        Assert.True((await row.SellAsync("res-1", "booking-1", [3])).Succeeded);

        await fixture.DeactivateEverythingAsync();
        var stored = await row.GetSnapshotAsync();
        Assert.Equal(SeatStatus.Sold, stored!.Seats[2]);
        Assert.False((await row.SellIfAvailableAsync("booking-2", [3])).Succeeded);
    }

    [Fact]
    public async Task A_hold_whose_write_failed_is_not_kept_in_memory()
    {
        var eventId = await EventAsync();
        var row = Client.GetGrain<ISeatRowGrain>(SeatRowKey.For(eventId, EventBuilder.Section, "R1"));
        var expiresAt = fixture.Time.GetUtcNow().AddMinutes(10);

        fixture.Faults.FailNextWrites(eventId + "/");
        await Assert.ThrowsAnyAsync<Exception>(() => row.TryHoldAsync("res-1", [4], expiresAt));

        // Not acknowledged, so not held: another buyer gets the seat at once, without waiting for the activation to go.
        Assert.True((await row.TryHoldAsync("res-2", [4], expiresAt)).Succeeded);
        await fixture.DeactivateEverythingAsync();
        Assert.Equal(SeatStatus.Held, (await row.GetSnapshotAsync())!.Seats[3]);
    }

    [Fact]
    public async Task A_general_admission_sale_retried_after_a_failed_write_is_stored()
    {
        var eventId = await EventAsync();
        var ga = Client.GetGrain<IGeneralAdmissionGrain>(GeneralAdmissionKey.For(eventId, EventBuilder.GeneralAdmissionId));
        Assert.True((await ga.TryHoldAsync("res-1", 2, fixture.Time.GetUtcNow().AddMinutes(10))).Succeeded);

        fixture.Faults.FailNextWrites(eventId + "/");
        await Assert.ThrowsAnyAsync<Exception>(() => ga.SellAsync("res-1", "booking-1"));
        Assert.True((await ga.SellAsync("res-1", "booking-1")).Succeeded);

        await fixture.DeactivateEverythingAsync();
        var stored = await ga.GetSnapshotAsync();
        Assert.Equal(2, stored!.Sold);
        Assert.Equal(0, stored.Held);
    }
}
