using System.Collections.Immutable;
using Ticketing.Seats;

namespace Ticketing.Events;

/// <summary>
/// The live seat map of one event (see <see cref="IEventAvailabilityGrain"/>). Holds the latest snapshot of every
/// row and GA counter, by version; builds itself from the rows when it activates (first use, or after a failover
/// lost it), then follows their one-way updates. The assembled answer is cached until something changes.
/// </summary>
public sealed class EventAvailabilityGrain : Grain, IEventAvailabilityGrain
{
    private const int RebuildBatch = 128;

    /// <summary>
    /// How long an assembled map is served before changes are folded in: bounds the work of a 50,000-seat map
    /// under a flash sale (thousands of row updates a second) while keeping changes visible well within a second.
    /// </summary>
    private static readonly TimeSpan MaxStaleness = TimeSpan.FromMilliseconds(250);

    private readonly Dictionary<(string Section, string Row), SeatRowSnapshot> _rows = [];
    private readonly Dictionary<string, GeneralAdmissionSnapshot> _generalAdmission = new(StringComparer.Ordinal);
    private SaleTerms? _terms;
    private bool _built;
    // Starts from the clock so that versions (and the API's ETags) never repeat across activations.
    private long _version = DateTime.UtcNow.Ticks;
    private EventAvailability? _cached;
    private long _assembledAt;

    public Task RowChangedAsync(SeatRowSnapshot snapshot)
    {
        var key = (snapshot.SectionId, snapshot.RowId);
        if (!_rows.TryGetValue(key, out var known) || known.Version < snapshot.Version)
        {
            _rows[key] = snapshot;
            Changed();
        }

        return Task.CompletedTask;
    }

    public Task GeneralAdmissionChangedAsync(GeneralAdmissionSnapshot snapshot)
    {
        if (!_generalAdmission.TryGetValue(snapshot.CategoryId, out var known) || known.Version < snapshot.Version)
        {
            _generalAdmission[snapshot.CategoryId] = snapshot;
            Changed();
        }

        return Task.CompletedTask;
    }

    public async Task<EventAvailability> GetAsync()
    {
        var eventId = this.GetPrimaryKeyString();
        if (!_built || _terms is null || _terms.Status == Events.EventStatus.Draft)
        {
            await BuildAsync(eventId);
        }

        if (_terms is null)
        {
            return new EventAvailability(eventId, [], [], [], 0);
        }

        if (_cached is null || (_cached.Version != _version && System.Diagnostics.Stopwatch.GetElapsedTime(_assembledAt) >= MaxStaleness))
        {
            _cached = Assemble(eventId);
            _assembledAt = System.Diagnostics.Stopwatch.GetTimestamp();
        }

        return _cached;
    }

    private async Task BuildAsync(string eventId)
    {
        var terms = await GrainFactory.GetGrain<IEventGrain>(eventId).GetSaleTermsAsync();
        if (terms is null)
        {
            _terms = null;
            return;
        }

        var firstTime = _terms is null || _terms.Status == Events.EventStatus.Draft;
        _terms = terms;
        if (terms.Status != Events.EventStatus.Draft && firstTime)
        {
            // Ask every row and GA counter once; updates that race with this are ordered by version.
            foreach (var batch in terms.Rows.Chunk(RebuildBatch))
            {
                var snapshots = await Task.WhenAll(batch.Select(r => GrainFactory.GetGrain<ISeatRowGrain>(SeatRowKey.For(eventId, r.SectionId, r.RowId)).GetSnapshotAsync()));
                foreach (var snapshot in snapshots.OfType<SeatRowSnapshot>())
                {
                    await RowChangedAsync(snapshot);
                }
            }

            var gas = await Task.WhenAll(terms.GeneralAdmission.Keys.Select(id => GrainFactory.GetGrain<IGeneralAdmissionGrain>(Seats.GeneralAdmissionKey.For(eventId, id)).GetSnapshotAsync()));
            foreach (var snapshot in gas.OfType<GeneralAdmissionSnapshot>())
            {
                await GeneralAdmissionChangedAsync(snapshot);
            }

            _built = true;
        }

        Changed();
    }

    private void Changed() => _version++;

    private EventAvailability Assemble(string eventId)
    {
        var terms = _terms!;
        var rows = ImmutableArray.CreateBuilder<SeatRowSnapshot>(terms.Rows.Length);
        var counts = new Dictionary<string, (int Total, int Available, int Held, int Sold)>(StringComparer.Ordinal);
        foreach (var layout in terms.Rows)
        {
            // A row that has not reported yet (a draft, or an unconfigured row) is all available.
            var row = _rows.TryGetValue((layout.SectionId, layout.RowId), out var known) && known.Seats.Length == layout.Seats
                ? known
                : new SeatRowSnapshot(layout.SectionId, layout.RowId, layout.CategoryId, 0, [.. Enumerable.Repeat(SeatStatus.Available, layout.Seats)]);
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

        var generalAdmission = terms.GeneralAdmission.Values.Select(g =>
            _generalAdmission.TryGetValue(g.Id, out var known) ? known : new GeneralAdmissionSnapshot(g.Id, g.Capacity, 0, 0, 0)).ToImmutableArray();
        var categories = terms.Categories.Keys.Select(id =>
        {
            var c = counts.GetValueOrDefault(id);
            return new CategoryAvailability(id, c.Total, c.Available, c.Held, c.Sold);
        }).Concat(generalAdmission.Select(g => new CategoryAvailability(g.CategoryId, g.Capacity, g.Available, g.Held, g.Sold)));
        return new EventAvailability(eventId, rows.ToImmutable(), generalAdmission, [.. categories], _version);
    }
}
