using Ticketing.Common;
using Ticketing.Seats;
using Ticketing.Tests.Builders;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Seats;

/// <summary>
/// Seat rows and GA counters store concurrent changes together (group commit): buyers of one hot row do not queue
/// behind one database round trip each, and nobody is told "held" or "sold" before it is stored.
/// </summary>
[Collection(StorageFaultCollection.Name)]
public sealed class GroupCommitTests(StorageFaultClusterFixture fixture)
{
    private static readonly TimeSpan SlowWrite = TimeSpan.FromMilliseconds(200);

    private IClusterClient Client => fixture.Client;

    private DateTimeOffset InTenMinutes => fixture.Time.GetUtcNow().AddMinutes(10);

    /// <summary>A published event's only row, whose writes each take <see cref="SlowWrite"/>.</summary>
    private async Task<(string Key, ISeatRowGrain Row)> SlowRowAsync(int seats)
    {
        var eventId = await new EventBuilder().WithSeats(1, seats).PublishAsync(Client, fixture.Time.GetUtcNow());
        var key = SeatRowKey.For(eventId, EventBuilder.Section, "R1");
        fixture.Faults.DelayWrites(key, SlowWrite);
        return (key, Client.GetGrain<ISeatRowGrain>(key));
    }

    [Fact]
    public async Task Concurrent_holds_on_one_row_share_writes_and_every_acknowledged_hold_is_stored()
    {
        var (rowKey, row) = await SlowRowAsync(40);

        var holds = await Task.WhenAll(Enumerable.Range(1, 40).Select(n => row.TryHoldAsync($"res-{n}", [n], InTenMinutes)));

        Assert.All(holds, h => Assert.True(h.Succeeded, h.Error?.Message));
        // One request per write would be 40 writes of 200 ms; together they need a handful.
        Assert.InRange(fixture.Faults.WritesOf(rowKey), 1, 5);
        await fixture.DeactivateEverythingAsync();
        Assert.All((await row.GetSnapshotAsync())!.Seats, s => Assert.Equal(SeatStatus.Held, s));
    }

    [Fact]
    public async Task Two_buyers_racing_for_one_seat_under_slow_writes_never_both_win()
    {
        var (_, row) = await SlowRowAsync(10);

        var attempts = await Task.WhenAll(Enumerable.Range(1, 20).Select(n => row.TryHoldAsync($"racer-{n}", [5, 6], InTenMinutes)));

        var winner = Assert.Single(attempts, a => a.Succeeded);
        Assert.All(attempts.Where(a => a != winner), a => Assert.Equal(DomainErrorCodes.SeatUnavailable, a.Error!.Code));
    }

    [Fact]
    public async Task A_failed_shared_write_fails_every_hold_in_it_and_none_of_them_is_kept()
    {
        var (rowKey, row) = await SlowRowAsync(20);
        var expiresAt = InTenMinutes;
        fixture.Faults.FailNextWrites(rowKey);

        var attempts = await Task.WhenAll(Enumerable.Range(1, 20).Select(async n =>
        {
            try
            {
                return (await row.TryHoldAsync($"res-{n}", [n], expiresAt)).Succeeded;
            }
            catch (Exception)
            {
                return false;
            }
        }));

        // Whatever was acknowledged is stored, whatever failed is not held, in memory or in storage.
        var acknowledged = Enumerable.Range(1, 20).Where(n => attempts[n - 1]).ToHashSet();
        var inMemory = (await row.GetSnapshotAsync())!;
        await fixture.DeactivateEverythingAsync();
        var stored = (await row.GetSnapshotAsync())!;
        for (var n = 1; n <= 20; n++)
        {
            var expected = acknowledged.Contains(n) ? SeatStatus.Held : SeatStatus.Available;
            Assert.Equal(expected, inMemory.Seats[n - 1]);
            Assert.Equal(expected, stored.Seats[n - 1]);
        }

        Assert.True(acknowledged.Count < 20, "the injected failures should have refused some holds");
        Assert.True((await row.TryHoldAsync("after", [attempts.ToList().IndexOf(false) + 1], expiresAt)).Succeeded);
    }

    [Fact]
    public async Task General_admission_takers_share_writes_and_never_exceed_the_capacity()
    {
        var eventId = await new EventBuilder().WithSeats(1, 1).WithGeneralAdmission(30).PublishAsync(Client, fixture.Time.GetUtcNow());
        var key = GeneralAdmissionKey.For(eventId, EventBuilder.GeneralAdmissionId);
        var ga = Client.GetGrain<IGeneralAdmissionGrain>(key);
        fixture.Faults.DelayWrites(key, SlowWrite);

        var holds = await Task.WhenAll(Enumerable.Range(1, 50).Select(n => ga.TryHoldAsync($"taker-{n}", 1, InTenMinutes)));

        Assert.Equal(30, holds.Count(h => h.Succeeded));
        Assert.InRange(fixture.Faults.WritesOf(key), 1, 5);
        await fixture.DeactivateEverythingAsync();
        Assert.Equal(30, (await ga.GetSnapshotAsync())!.Held);
    }
}
