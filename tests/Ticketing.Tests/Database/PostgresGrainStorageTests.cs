using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using Ticketing.Silo.Database;
using Ticketing.Silo.Storage.Postgres;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Database;

/// <summary>
/// The product's batching PostgreSQL grain storage, against a real database: the keys Orleans' ADO.NET provider
/// uses (rows stay readable both ways), the storage contract (stale versions refused), and batching itself (many
/// grains' writes in one round trip, one bad write not failing the rest).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresGrainStorageTests(PostgresFixture postgres)
{
    private const string ServiceId = "storage-tests";

    private static readonly IGrainStorageSerializer Serializer =
        new SystemTextJsonGrainStorageSerializer(Options.Create(new SystemTextJsonGrainStorageSerializerOptions()));

    private static readonly IActivatorProvider Activators =
        new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<IActivatorProvider>();

    public static TheoryData<string> KeyKinds() => ["string", "guid", "guid+extension", "integer", "integer+extension"];

    private static GrainId GrainIdOf(string kind) => kind switch
    {
        "string" => GrainId.Create("note", Guid.NewGuid().ToString("N")[..12] + "-text"),
        "guid" => GrainId.Create(GrainType.Create("note"), GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid())),
        "guid+extension" => GrainId.Create(GrainType.Create("note"), GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid(), "ext-" + Random.Shared.Next())),
        "integer" => GrainId.Create(GrainType.Create("note"), GrainIdKeyExtensions.CreateIntegerKey(Random.Shared.NextInt64())),
        "integer+extension" => GrainId.Create(GrainType.Create("note"), GrainIdKeyExtensions.CreateIntegerKey(Random.Shared.NextInt64(), "ext-" + Random.Shared.Next())),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [PostgresTheory]
    [MemberData(nameof(KeyKinds))]
    public async Task A_state_written_by_the_orleans_adonet_provider_is_read_by_ours_and_the_other_way_round(string kind)
    {
        var adoNet = await StartAdoNetAsync();
        var ours = await StartOursAsync(NewBatcher());

        var first = GrainIdOf(kind);
        var written = new GrainState<NoteState>(new NoteState { Text = "from ado.net " + kind });
        await adoNet.WriteStateAsync("note", first, written);
        var read = new GrainState<NoteState>();
        await ours.ReadStateAsync("note", first, read);
        Assert.True(read.RecordExists);
        Assert.Equal("from ado.net " + kind, read.State!.Text);
        Assert.Equal(written.ETag, read.ETag);

        // Our write continues the version the other provider started, and the other provider reads it.
        read.State!.Text = "then ours";
        await ours.WriteStateAsync("note", first, read);
        var again = new GrainState<NoteState>();
        await adoNet.ReadStateAsync("note", first, again);
        Assert.Equal("then ours", again.State!.Text);
        Assert.Equal(read.ETag, again.ETag);

        var second = GrainIdOf(kind);
        await ours.WriteStateAsync("note", second, new GrainState<NoteState>(new NoteState { Text = "first by ours" }));
        var byAdoNet = new GrainState<NoteState>();
        await adoNet.ReadStateAsync("note", second, byAdoNet);
        Assert.True(byAdoNet.RecordExists);
        Assert.Equal("first by ours", byAdoNet.State!.Text);
        Assert.Equal(2, await CountRowsAsync());
    }

    [PostgresFact]
    public async Task A_write_with_a_stale_version_or_a_first_write_over_an_existing_row_is_refused_and_changes_nothing()
    {
        var storage = await StartOursAsync(NewBatcher());
        var id = GrainIdOf("string");
        var current = new GrainState<NoteState>(new NoteState { Text = "one" });
        await storage.WriteStateAsync("note", id, current);
        var stale = new GrainState<NoteState>(new NoteState { Text = "stale" }) { ETag = current.ETag, RecordExists = true };
        current.State!.Text = "two";
        await storage.WriteStateAsync("note", id, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("note", id, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("note", id, new GrainState<NoteState>(new NoteState { Text = "blind" })));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("note", id, stale));

        var read = new GrainState<NoteState>();
        await storage.ReadStateAsync("note", id, read);
        Assert.Equal("two", read.State!.Text);
        Assert.Equal(current.ETag, read.ETag);

        await storage.ClearStateAsync("note", id, read);
        Assert.False(read.RecordExists);
        var cleared = new GrainState<NoteState>();
        await storage.ReadStateAsync("note", id, cleared);
        Assert.False(cleared.RecordExists);
        Assert.Null(cleared.State!.Text);

        // Cleared keeps the row and its version sequence: a write with the cleared version goes on from it.
        cleared.State!.Text = "three";
        await storage.WriteStateAsync("note", id, cleared);
        Assert.Equal(int.Parse(read.ETag!) + 1, int.Parse(cleared.ETag!));
    }

    [PostgresFact]
    public async Task Writes_of_many_grains_queued_behind_a_batch_in_flight_go_together_in_the_next_one()
    {
        var sizes = new List<int>();
        using var listener = BatchSizeListener(sizes);
        var (batcher, storage, ids, first, release) = await FirstBatchBlockedAsync(40, "guid");
        var rest = ids.Skip(1).Select((id, i) => storage.WriteStateAsync("note", id, new GrainState<NoteState>(new NoteState { Text = (i + 1).ToString() }))).ToList();
        // Nothing is acknowledged before its batch has committed.
        await Task.Delay(200);
        Assert.False(first.IsCompleted);
        Assert.DoesNotContain(rest, w => w.IsCompleted);
        await release();
        await first;
        await Task.WhenAll(rest);

        Assert.Equal(2, batcher.BatchesSent);
        Assert.Equal(40, await CountRowsAsync());
        // Operators see the same through the Ticketing.Storage meter.
        lock (sizes)
        {
            Assert.Equal([1, 39], sizes);
        }
    }

    [PostgresFact]
    public async Task A_write_the_database_rejects_fails_alone_and_the_writes_batched_with_it_are_stored()
    {
        var (_, storage, ids, first, release) = await FirstBatchBlockedAsync(10, "integer");
        var good = ids.Skip(1).Select(id => storage.WriteStateAsync("note", id, new GrainState<NoteState>(new NoteState { Text = "kept" }))).ToList();
        // The state name column holds 512 characters: PostgreSQL refuses this row, and with it the batch's transaction.
        var bad = storage.WriteStateAsync(new string('x', 600), ids[1], new GrainState<NoteState>(new NoteState { Text = "refused" }));
        await release();
        await first;

        await Assert.ThrowsAsync<PostgresException>(() => bad);
        await Task.WhenAll(good);
        Assert.Equal(10, await CountRowsAsync());
    }

    /// <summary>Collects the batch sizes this test class's service records (other tests' silos record their own).</summary>
    private static MeterListener BatchSizeListener(List<int> sizes)
    {
        var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == WriteBatchMetrics.MeterName && instrument.Name == "ticketing.storage.batch.size")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == WriteBatchMetrics.ServiceTag && Equals(tag.Value, ServiceId))
                {
                    lock (sizes)
                    {
                        sizes.Add(value);
                    }
                }
            }
        });
        listener.Start();
        return listener;
    }

    private PostgresWriteBatcher NewBatcher(int maxConcurrentBatches = 8)
        => new(postgres.ConnectionString, ServiceId, NullLogger<PostgresWriteBatcher>.Instance, maxConcurrentBatches: maxConcurrentBatches);

    private async Task<PostgresGrainStorage> StartOursAsync(PostgresWriteBatcher batcher)
    {
        await ClearRowsAsync();
        var storage = new PostgresGrainStorage("Tickets", postgres.ConnectionString, ServiceId, batcher, Serializer, Activators);
        await TestLifecycle.StartAsync(storage);
        return storage;
    }

    private async Task<AdoNetGrainStorage> StartAdoNetAsync()
    {
        var storage = new AdoNetGrainStorage(
            Activators, NullLogger<AdoNetGrainStorage>.Instance,
            Options.Create(new AdoNetGrainStorageOptions { Invariant = "Npgsql", ConnectionString = postgres.ConnectionString, GrainStorageSerializer = Serializer }),
            Options.Create(new ClusterOptions { ServiceId = ServiceId, ClusterId = "storage-tests" }),
            "Tickets");
        await TestLifecycle.StartAsync(storage);
        return storage;
    }

    /// <summary>
    /// A storage allowed one batch in flight, whose first write (of the first of <paramref name="count"/> grains) is sent
    /// and waits on a lock of the state table until released: every write made meanwhile queues for the next batch.
    /// </summary>
    private async Task<(PostgresWriteBatcher Batcher, PostgresGrainStorage Storage, List<GrainId> Ids, Task First, Func<Task> Release)>
        FirstBatchBlockedAsync(int count, string keyKind)
    {
        var batcher = NewBatcher(maxConcurrentBatches: 1);
        var storage = await StartOursAsync(batcher);
        var ids = Enumerable.Range(0, count).Select(_ => GrainIdOf(keyKind)).ToList();
        var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE OrleansStorage IN EXCLUSIVE MODE", connection, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var first = storage.WriteStateAsync("note", ids[0], new GrainState<NoteState>(new NoteState { Text = "0" }));
        await Poll.UntilAsync(() => Task.FromResult(batcher.BatchesSent), n => n == 1, TimeSpan.FromSeconds(10), "the first batch to be sent");
        return (batcher, storage, ids, first, async () =>
        {
            await transaction.CommitAsync();
            await connection.DisposeAsync();
        });
    }

    private async Task<long> CountRowsAsync()
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM OrleansStorage WHERE ServiceId = @s AND PayloadBinary IS NOT NULL", connection);
        count.Parameters.AddWithValue("s", ServiceId);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private async Task ClearRowsAsync()
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var delete = new NpgsqlCommand("DELETE FROM OrleansStorage WHERE ServiceId = @s", connection);
        delete.Parameters.AddWithValue("s", ServiceId);
        await delete.ExecuteNonQueryAsync();
    }

    public sealed class NoteState
    {
        public string? Text { get; set; }
    }

    /// <summary>Runs what a storage provider subscribes to the silo's lifecycle, as a silo's start would.</summary>
    private sealed class TestLifecycle : ISiloLifecycle
    {
        private readonly List<(int Stage, ILifecycleObserver Observer)> _observers = [];

        public int HighestCompletedStage { get; private set; }
        public int LowestStoppedStage { get; private set; }

        public IDisposable Subscribe(string observerName, int stage, ILifecycleObserver observer)
        {
            _observers.Add((stage, observer));
            return new NoOpDisposable();
        }

        public static async Task StartAsync(ILifecycleParticipant<ISiloLifecycle> participant)
        {
            var lifecycle = new TestLifecycle();
            participant.Participate(lifecycle);
            foreach (var (stage, observer) in lifecycle._observers.OrderBy(o => o.Stage))
            {
                await observer.OnStart(CancellationToken.None);
                lifecycle.HighestCompletedStage = stage;
            }
        }

        private sealed class NoOpDisposable : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
