using Ticketing.Common;
using System.Collections.Immutable;
using Ticketing.Seats;

namespace Ticketing.Events;

/// <summary>
/// The live seat map of one event (see <see cref="IEventAvailabilityGrain"/>). Holds the latest snapshot of every
/// row and GA counter, by version; builds itself from the rows when first read (first use, or after a failover
/// lost the activation), then follows their one-way updates. The assembled answer is cached until something changes.
/// While it is being read, it also re-reads every row now and then: a row whose silo died between persisting a
/// change and pushing it would otherwise stay stale here until its next change.
/// </summary>
public sealed class EventAvailabilityGrain(TimeProvider time) : Grain, IEventAvailabilityGrain
{
    private const int RebuildBatch = 128;
    private static readonly TimeSpan DraftRecheck = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReconcilePeriod = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an assembled map is served before changes are folded in: bounds the work of a 50,000-seat map
    /// under a flash sale (thousands of row updates a second) while keeping changes visible well within a second.
    /// </summary>
    private static readonly TimeSpan MaxStaleness = TimeSpan.FromMilliseconds(250);

    private readonly Dictionary<(string Section, string Row), SeatRowSnapshot> _rows = [];

    // Row i of the terms' layout -> its latest snapshot. Best-available walks a category's rows on every request, and
    // finding each in _rows by (section, row) hashed two strings per row: 1-1.5% of the Api's CPU at 1,000 rows.
    private Dictionary<(string Section, string Row), int> _slotOf = [];
    private SeatRowSnapshot?[] _latest = [];
    private readonly Dictionary<string, GeneralAdmissionSnapshot> _generalAdmission = new(StringComparer.Ordinal);
    private SaleTerms? _terms;
    private long _termsFetchedAt;
    private bool _built;
    private Task? _building;
    private bool _readSinceReconcile;
    private IGrainTimer? _reconcileTimer;

    // Starts from the wall clock (not the domain clock) only so that versions, and the API's ETags, never repeat
    // across activations.
    private long _version = DateTime.UtcNow.Ticks;
    private EventAvailability? _cached;
    private long _assembledAt;

    private string EventId => this.GetPrimaryKeyString();

    public Task RowChangedAsync(SeatRowSnapshot snapshot)
    {
        Apply(snapshot);
        return Task.CompletedTask;
    }

    public Task GeneralAdmissionChangedAsync(GeneralAdmissionSnapshot snapshot)
    {
        Apply(snapshot);
        return Task.CompletedTask;
    }

    public async Task<EventAvailability> GetAsync()
    {
        _readSinceReconcile = true;
        if (!_built)
        {
            await EnsureBuiltAsync();
        }

        if (_terms is null)
        {
            return new EventAvailability(EventId, [], [], [], 0);
        }

        if (_cached is null || (_cached.Version != _version && time.GetElapsedTime(_assembledAt) >= MaxStaleness))
        {
            _cached = Assemble();
            _assembledAt = time.GetTimestamp();
        }

        return _cached;
    }

    public async Task<BestAvailableHint> SuggestAsync(string categoryId, int quantity, int maxRows)
    {
        if (!_built)
        {
            await EnsureBuiltAsync();
        }

        if (_terms is null || quantity < 1 || maxRows < 1)
        {
            return BestAvailableHint.None;
        }

        var withBlock = ImmutableArray.CreateBuilder<RowLayout>(maxRows);
        var scattered = ImmutableArray.CreateBuilder<SeatId>(quantity);
        var rows = _terms.Rows;
        for (var i = 0; i < rows.Length; i++)
        {
            var layout = rows[i];
            if (layout.CategoryId != categoryId)
            {
                continue;
            }

            var seats = SeatsOf(i, layout);
            if (withBlock.Count < maxRows && HasFreeBlock(seats, quantity))
            {
                withBlock.Add(layout);
            }

            if (scattered.Count < quantity)
            {
                MiddleOutSeats.AddNearestMiddle(seats, layout, quantity - scattered.Count, scattered);
            }

            if (withBlock.Count == maxRows && scattered.Count == quantity)
            {
                break;
            }
        }

        return new BestAvailableHint(withBlock.ToImmutable(), scattered.Count == quantity ? scattered.ToImmutable() : []);
    }

    /// <summary>Row <paramref name="slot"/> of the layout as last reported; all available until it reports.</summary>
    private ImmutableArray<SeatStatus> SeatsOf(int slot, RowLayout layout)
        => _latest[slot] is { } known && known.Seats.Length == layout.Seats
            ? known.Seats
            : [.. Enumerable.Repeat(SeatStatus.Available, layout.Seats)];

    private static bool HasFreeBlock(ImmutableArray<SeatStatus> seats, int quantity)
    {
        var run = 0;
        foreach (var seat in seats)
        {
            run = seat == SeatStatus.Available ? run + 1 : 0;
            if (run >= quantity)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One build at a time: concurrent first reads share it instead of each asking every row.</summary>
    private Task EnsureBuiltAsync()
    {
        if (_building is { IsCompleted: false } running)
        {
            return running;
        }

        if (_terms is { Status: EventStatus.Draft } && time.GetElapsedTime(_termsFetchedAt) < DraftRecheck)
        {
            return Task.CompletedTask;
        }

        return _building = BuildAsync();
    }

    private async Task BuildAsync()
    {
        var terms = await GrainFactory.For<IEventGrain>(EventId).GetSaleTermsAsync();
        _termsFetchedAt = time.GetTimestamp();
        if (terms is null)
        {
            _terms = null;
            return;
        }

        if (_terms is null || !SameLayout(_terms, terms))
        {
            Changed();
        }

        _terms = terms;
        IndexRows(terms);
        if (terms.Status == EventStatus.Draft)
        {
            // A draft has no live rows yet: its map is its layout, all available. Its layout may still change.
            return;
        }

        await ReadEveryRowAsync(terms);
        _built = true;
        _reconcileTimer ??= this.RegisterGrainTimer(ReconcileAsync, new GrainTimerCreationOptions(ReconcilePeriod, ReconcilePeriod) { Interleave = true });
    }

    /// <summary>Asks every row and GA counter for its snapshot; updates racing with this are ordered by version.</summary>
    private async Task ReadEveryRowAsync(SaleTerms terms)
    {
        foreach (var batch in terms.Rows.Chunk(RebuildBatch))
        {
            var snapshots = await Task.WhenAll(batch.Select(r => GrainFactory.For<ISeatRowGrain>(SeatRowKey.For(EventId, r.SectionId, r.RowId)).GetSnapshotAsync()));
            foreach (var snapshot in snapshots)
            {
                if (snapshot is not null)
                {
                    Apply(snapshot);
                }
            }
        }

        var counters = await Task.WhenAll(terms.GeneralAdmission.Keys.Select(id => GrainFactory.For<IGeneralAdmissionGrain>(GeneralAdmissionKey.For(EventId, id)).GetSnapshotAsync()));
        foreach (var snapshot in counters)
        {
            if (snapshot is not null)
            {
                Apply(snapshot);
            }
        }
    }

    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        // Nobody is looking: the next read after a quiet spell is served from pushes, and reconciles soon after.
        if (!_readSinceReconcile || _terms is null)
        {
            return;
        }

        _readSinceReconcile = false;
        await ReadEveryRowAsync(_terms);
    }

    private void Apply(SeatRowSnapshot snapshot)
    {
        var key = (snapshot.SectionId, snapshot.RowId);
        if (!_rows.TryGetValue(key, out var known) || known.Version < snapshot.Version)
        {
            _rows[key] = snapshot;
            if (_slotOf.TryGetValue(key, out var slot))
            {
                _latest[slot] = snapshot;
            }

            Changed();
        }
    }

    private void Apply(GeneralAdmissionSnapshot snapshot)
    {
        if (!_generalAdmission.TryGetValue(snapshot.CategoryId, out var known) || known.Version < snapshot.Version)
        {
            _generalAdmission[snapshot.CategoryId] = snapshot;
            Changed();
        }
    }

    private void Changed() => _version++;

    private void IndexRows(SaleTerms terms)
    {
        var slotOf = new Dictionary<(string Section, string Row), int>(terms.Rows.Length);
        var latest = new SeatRowSnapshot?[terms.Rows.Length];
        for (var i = 0; i < terms.Rows.Length; i++)
        {
            var key = (terms.Rows[i].SectionId, terms.Rows[i].RowId);
            slotOf[key] = i;
            latest[i] = _rows.GetValueOrDefault(key);
        }

        (_slotOf, _latest) = (slotOf, latest);
    }

    private static bool SameLayout(SaleTerms a, SaleTerms b)
        => a.Status == b.Status
           && a.Rows.SequenceEqual(b.Rows)
           && a.GeneralAdmission.Count == b.GeneralAdmission.Count
           && a.GeneralAdmission.All(g => b.GeneralAdmission.TryGetValue(g.Key, out var other) && other == g.Value)
           && a.Categories.Keys.Order(StringComparer.Ordinal).SequenceEqual(b.Categories.Keys.Order(StringComparer.Ordinal));

    private EventAvailability Assemble()
    {
        var terms = _terms!;
        var rows = ImmutableArray.CreateBuilder<SeatRowSnapshot>(terms.Rows.Length);
        var counts = new Dictionary<string, (int Total, int Available, int Held, int Sold)>(StringComparer.Ordinal);
        for (var i = 0; i < terms.Rows.Length; i++)
        {
            var layout = terms.Rows[i];

            // A row that has not reported yet (a draft, or a row not configured yet) is all available.
            var row = _latest[i] is { } known && known.Seats.Length == layout.Seats
                ? known
                : new SeatRowSnapshot(layout.SectionId, layout.RowId, layout.CategoryId, 0, SeatsOf(i, layout));
            rows.Add(row);
            var c = counts.GetValueOrDefault(layout.CategoryId);
            foreach (var seat in row.Seats)
            {
                c.Total++;
                switch (seat)
                {
                    case SeatStatus.Available: c.Available++; break;
                    case SeatStatus.Held: c.Held++; break;
                    default: c.Sold++; break;
                }
            }

            counts[layout.CategoryId] = c;
        }

        var generalAdmission = terms.GeneralAdmission.Values
            .OrderBy(g => g.Id, StringComparer.Ordinal)
            .Select(g => _generalAdmission.TryGetValue(g.Id, out var known) ? known : new GeneralAdmissionSnapshot(g.Id, g.Capacity, 0, 0, 0))
            .ToImmutableArray();
        var categories = terms.Categories.Keys.Order(StringComparer.Ordinal).Select(id =>
        {
            var c = counts.GetValueOrDefault(id);
            return new CategoryAvailability(id, c.Total, c.Available, c.Held, c.Sold);
        }).Concat(generalAdmission.Select(g => new CategoryAvailability(g.CategoryId, g.Capacity, g.Available, g.Held, g.Sold)));
        return new EventAvailability(EventId, rows.ToImmutable(), generalAdmission, [.. categories], _version);
    }
}
