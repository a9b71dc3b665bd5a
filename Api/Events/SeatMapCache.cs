using Ticketing.Common;
using System.Collections.Concurrent;
using Ticketing.Events;
using Ticketing.Seats;

namespace Ticketing.Api.Events;

/// <summary>
/// The API process's latest rendering of each event's seat map. A rendering younger than <see cref="Freshness"/> is
/// served as is; an older one is refreshed by one caller at a time (the others wait for it), and re-rendered only if
/// the availability view's version moved. So a flash sale costs each API process at most a few grain calls and
/// renderings per event per second however many clients poll the map, and changes still show within a second
/// (rows debounce their pushes by 200 ms, the view folds them in at most every 250 ms, plus at most
/// <see cref="Freshness"/> here).
/// </summary>
public sealed class SeatMapCache(IClusterClient client, TimeProvider time)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromMilliseconds(250);

    /// <summary>Enough for the events a box office is selling at once; a 50,000-seat map is about 3 MB.</summary>
    private const int MaxEvents = 64;

    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    /// <summary>The event's seat map, or null if the event does not exist.</summary>
    public async Task<SeatMap?> GetAsync(string eventId, CancellationToken cancellationToken)
    {
        var slot = _slots.GetOrAdd(eventId, _ => new Slot());
        slot.LastUsed = time.GetTimestamp();
        if (slot.Current is { } fresh && time.GetElapsedTime(slot.RefreshedAt) < Freshness)
        {
            return fresh;
        }

        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            if (slot.Current is { } refreshed && time.GetElapsedTime(slot.RefreshedAt) < Freshness)
            {
                return refreshed;
            }

            var map = await LoadAsync(eventId, slot.Current);
            slot.Current = map;
            slot.RefreshedAt = time.GetTimestamp();
            if (map is null)
            {
                // Unknown events are not remembered: ids are free to probe, the cache must not grow with them.
                _slots.TryRemove(new KeyValuePair<string, Slot>(eventId, slot));
            }

            return map;
        }
        finally
        {
            slot.Gate.Release();
            TrimIfNeeded();
        }
    }

    private async Task<SeatMap?> LoadAsync(string eventId, SeatMap? previous)
    {
        // The event first: probing made-up ids must not wake an availability view for each of them.
        var snapshot = await client.For<IEventGrain>(eventId).GetAsync();
        if (snapshot is null)
        {
            return null;
        }

        var availability = await client.For<IEventAvailabilityGrain>(eventId).GetAsync();

        if (previous is not null && previous.Version == availability.Version)
        {
            return previous.Status == snapshot.Status ? previous : new SeatMap(eventId, snapshot.Status, snapshot.OrganizerId, previous.Version, previous.Json, previous.Categories);
        }

        var names = snapshot.Definition.GeneralAdmission.ToDictionary(g => g.Id, g => g.Name, StringComparer.Ordinal);
        return new SeatMap(eventId, snapshot.Status, snapshot.OrganizerId, availability.Version, SeatMapRenderer.Render(availability, names), availability.Categories);
    }

    private void TrimIfNeeded()
    {
        if (_slots.Count <= MaxEvents)
        {
            return;
        }

        foreach (var (id, slot) in _slots.OrderBy(s => s.Value.LastUsed).Take(_slots.Count - MaxEvents).ToList())
        {
            _slots.TryRemove(new KeyValuePair<string, Slot>(id, slot));
        }
    }

    private sealed class Slot
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public volatile SeatMap? Current;

        public long RefreshedAt;

        public long LastUsed;
    }
}
