using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Ticketing.Silo.Database;
using Ticketing.Silo.Reminders;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Database;

/// <summary>
/// The product's batching PostgreSQL reminder table against a real database: rows as Orleans' ADO.NET reminder table
/// keeps them (readable both ways, the same ring hash), versions as ETags, and the ring-range reads a silo makes.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresReminderTableTests(PostgresFixture postgres)
{
    private static GrainId NewGrain() => GrainId.Create("booking", Guid.NewGuid().ToString("N"));

    private static ReminderEntry Entry(GrainId grain, string name = "booking-saga") => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = new DateTime(2026, 12, 1, 12, 30, 15, 123, DateTimeKind.Utc),
        Period = TimeSpan.FromMinutes(1),
    };

    [PostgresFact]
    public async Task A_reminder_registered_by_the_orleans_adonet_table_is_read_and_removed_by_ours_and_the_other_way_round()
    {
        var serviceId = "reminders-" + Guid.NewGuid().ToString("N")[..8];
        var adoNet = await StartAdoNetAsync(serviceId);
        var ours = await StartOursAsync(serviceId);

        var first = NewGrain();
        var eTag = await adoNet.UpsertRow(Entry(first));
        var read = await ours.ReadRow(first, "booking-saga");
        Assert.NotNull(read);
        Assert.Equal(first, read.GrainId);
        Assert.Equal(Entry(first).StartAt, read.StartAt);
        Assert.Equal(TimeSpan.FromMinutes(1), read.Period);
        Assert.Equal(eTag, read.ETag);

        // The same ring hash: a range read around the grain's hash finds it in both tables.
        var hash = first.GetUniformHashCode();
        Assert.Contains((await ours.ReadRows(hash - 1, hash)).Reminders, r => r.GrainId == first);
        Assert.Contains((await adoNet.ReadRows(hash - 1, hash)).Reminders, r => r.GrainId == first);
        Assert.True(await ours.RemoveRow(first, "booking-saga", eTag!));
        Assert.Null(await adoNet.ReadRow(first, "booking-saga"));

        var second = NewGrain();
        var ourETag = await ours.UpsertRow(Entry(second));
        var byAdoNet = await adoNet.ReadRow(second, "booking-saga");
        Assert.NotNull(byAdoNet);
        Assert.Equal(ourETag, byAdoNet.ETag);
        Assert.Equal(Entry(second).StartAt, byAdoNet.StartAt);
        Assert.Single((await adoNet.ReadRows(second)).Reminders);
        var secondHash = second.GetUniformHashCode();
        Assert.Contains((await adoNet.ReadRows(secondHash - 1, secondHash)).Reminders, r => r.GrainId == second);
        Assert.True(await adoNet.RemoveRow(second, "booking-saga", ourETag!));
    }

    [PostgresFact]
    public async Task Each_registration_gets_a_new_etag_and_a_removal_with_an_old_one_removes_nothing()
    {
        var table = await StartOursAsync("reminders-" + Guid.NewGuid().ToString("N")[..8]);
        var grain = NewGrain();
        var first = await table.UpsertRow(Entry(grain));
        var second = await table.UpsertRow(Entry(grain));
        Assert.NotEqual(first, second);

        Assert.False(await table.RemoveRow(grain, "booking-saga", first!));
        Assert.False(await table.RemoveRow(grain, "booking-saga", "not-a-version"));
        Assert.NotNull(await table.ReadRow(grain, "booking-saga"));
        Assert.True(await table.RemoveRow(grain, "booking-saga", second!));
        Assert.Null(await table.ReadRow(grain, "booking-saga"));
        Assert.False(await table.RemoveRow(grain, "booking-saga", second!));
    }

    [PostgresFact]
    public async Task Ring_ranges_return_the_reminders_whose_hash_they_cover_including_a_range_that_wraps()
    {
        var table = await StartOursAsync("reminders-" + Guid.NewGuid().ToString("N")[..8]);
        var grains = Enumerable.Range(0, 40).Select(_ => NewGrain()).ToList();
        await Task.WhenAll(grains.Select(g => table.UpsertRow(Entry(g))));

        var all = (await table.ReadRows(0, 0)).Reminders.Select(r => r.GrainId).ToHashSet();
        Assert.Equal(grains.ToHashSet(), all);

        // (begin, end] as unsigned ring positions; the second range wraps past uint.MaxValue.
        foreach (var (begin, end) in new[] { (0x1000_0000u, 0x9000_0000u), (0xC000_0000u, 0x4000_0000u) })
        {
            var expected = grains.Where(g => InRange(g.GetUniformHashCode(), begin, end)).ToHashSet();
            var read = (await table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId).ToHashSet();
            Assert.Equal(expected, read);
        }
    }

    // Orleans' table compares the hashes as signed integers; ranges are chosen not to straddle zero or int.MinValue
    // differently in signed and unsigned terms except where they wrap.
    private static bool InRange(uint hash, uint begin, uint end)
    {
        int h = unchecked((int)hash), b = unchecked((int)begin), e = unchecked((int)end);
        return b < e ? h > b && h <= e : h > b || h <= e;
    }

    private async Task<IReminderTable> StartOursAsync(string serviceId)
    {
        var table = new PostgresReminderTable(postgres.ConnectionString, serviceId,
            new PostgresWriteBatcher(postgres.ConnectionString, serviceId, NullLogger<PostgresWriteBatcher>.Instance));
        await table.StartAsync();
        return table;
    }

    private async Task<IReminderTable> StartAdoNetAsync(string serviceId)
    {
        var services = new ServiceCollection();
        services.Configure<ClusterOptions>(o => { o.ServiceId = serviceId; o.ClusterId = "reminder-tests"; });
        services.UseAdoNetReminderService(o => o.Configure(r => { r.Invariant = "Npgsql"; r.ConnectionString = postgres.ConnectionString; }));
        var table = services.BuildServiceProvider().GetRequiredService<IReminderTable>();
        await table.StartAsync();
        return table;
    }
}
