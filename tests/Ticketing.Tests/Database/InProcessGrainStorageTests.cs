using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using Ticketing.Silo.Storage;

namespace Ticketing.Tests.Database;

/// <summary>The embedded mode's grain storage keeps the storage contract grains rely on.</summary>
public sealed class InProcessGrainStorageTests
{
    private static readonly GrainId Grain = GrainId.Create("note", "one");

    internal static readonly IServiceProvider Services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    private readonly InProcessGrainStorage _storage = new(
        Services.GetRequiredService<DeepCopier>(),
        Services.GetRequiredService<IActivatorProvider>());

    [GenerateSerializer]
    public sealed class Note
    {
        [Id(0)] public string Text { get; set; } = "";

        [Id(1)] public List<int> Numbers { get; set; } = [];
    }

    [Fact]
    public async Task A_missing_record_reads_as_a_new_state_without_an_etag()
    {
        var state = new GrainState<Note>();

        await _storage.ReadStateAsync("note", Grain, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.NotNull(state.State);
        Assert.Equal("", state.State.Text);
    }

    [Fact]
    public async Task What_is_read_back_is_what_was_written_not_the_live_object()
    {
        var written = new GrainState<Note>(new Note { Text = "held", Numbers = [1, 2] });
        await _storage.WriteStateAsync("note", Grain, written);
        written.State!.Text = "changed after the write";
        written.State.Numbers.Add(3);

        var read = new GrainState<Note>();
        await _storage.ReadStateAsync("note", Grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal("held", read.State!.Text);
        Assert.Equal([1, 2], read.State.Numbers);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        var first = new GrainState<Note>(new Note { Text = "first" });
        await _storage.WriteStateAsync("note", Grain, first);
        var stale = new GrainState<Note>(new Note { Text = "stale" }) { ETag = first.ETag };
        await _storage.WriteStateAsync("note", Grain, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("note", Grain, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("note", Grain, new GrainState<Note>(new Note { Text = "no etag" })));

        var read = new GrainState<Note>();
        await _storage.ReadStateAsync("note", Grain, read);
        Assert.Equal("first", read.State!.Text);
        Assert.Equal(first.ETag, read.ETag);
    }

    [Fact]
    public async Task Clearing_removes_the_record_and_a_stale_clear_is_refused()
    {
        var state = new GrainState<Note>(new Note { Text = "x" });
        await _storage.WriteStateAsync("note", Grain, state);
        var stale = new GrainState<Note> { ETag = "0" };

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearStateAsync("note", Grain, stale));
        await _storage.ClearStateAsync("note", Grain, state);

        var read = new GrainState<Note>();
        await _storage.ReadStateAsync("note", Grain, read);
        Assert.False(read.RecordExists);
        Assert.Equal("", read.State!.Text);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task A_cleared_record_is_written_again_only_with_the_clears_etag_as_in_postgresql()
    {
        var state = new GrainState<Note>(new Note { Text = "hold" });
        await _storage.WriteStateAsync("note", Grain, state);
        await _storage.ClearStateAsync("note", Grain, state);

        // Insert-if-absent by a writer that never read (a late attempt under the same id) must not bring it back.
        var blind = new GrainState<Note>(new Note { Text = "late" });
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("note", Grain, blind));

        var read = new GrainState<Note>();
        await _storage.ReadStateAsync("note", Grain, read);
        read.State!.Text = "again";
        await _storage.WriteStateAsync("note", Grain, read);
        var again = new GrainState<Note>();
        await _storage.ReadStateAsync("note", Grain, again);
        Assert.True(again.RecordExists);
        Assert.Equal("again", again.State!.Text);
    }

    [Fact]
    public async Task States_of_other_names_and_grains_are_separate()
    {
        await _storage.WriteStateAsync("note", Grain, new GrainState<Note>(new Note { Text = "a" }));
        await _storage.WriteStateAsync("other", Grain, new GrainState<Note>(new Note { Text = "b" }));
        await _storage.WriteStateAsync("note", GrainId.Create("note", "two"), new GrainState<Note>(new Note { Text = "c" }));

        var read = new GrainState<Note>();
        await _storage.ReadStateAsync("note", Grain, read);
        Assert.Equal("a", read.State!.Text);
    }
}

/// <summary>The embedded mode's storage deletes records of a state name by age, as the PostgreSQL sweep does.</summary>
public sealed class InProcessGrainStorageSweepTests
{
    [Fact]
    public async Task Records_of_the_name_older_than_the_age_are_deleted_and_the_rest_kept()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2027-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var storage = new InProcessGrainStorage(
            InProcessGrainStorageTests.Services.GetRequiredService<DeepCopier>(),
            InProcessGrainStorageTests.Services.GetRequiredService<IActivatorProvider>(),
            clock);
        await storage.WriteStateAsync("idempotency", GrainId.Create("k", "old"), new GrainState<InProcessGrainStorageTests.Note>(new() { Text = "old" }));
        await storage.WriteStateAsync("other", GrainId.Create("k", "old-other"), new GrainState<InProcessGrainStorageTests.Note>(new() { Text = "old" }));
        clock.Advance(TimeSpan.FromHours(26));
        await storage.WriteStateAsync("idempotency", GrainId.Create("k", "new"), new GrainState<InProcessGrainStorageTests.Note>(new() { Text = "new" }));

        Assert.Equal(1, await storage.DeleteOlderThanAsync("idempotency", TimeSpan.FromHours(25), CancellationToken.None));

        async Task<bool> Exists(string name, string key)
        {
            var state = new GrainState<InProcessGrainStorageTests.Note>();
            await storage.ReadStateAsync(name, GrainId.Create("k", key), state);
            return state.RecordExists;
        }

        Assert.False(await Exists("idempotency", "old"));
        Assert.True(await Exists("idempotency", "new"));
        Assert.True(await Exists("other", "old-other"));
    }
}
