namespace Ticketing.Bookings;

/// <summary>
/// Keys of an event's booking index shards: <c>{eventId}/{shard}</c>. A flash sale confirms thousands of bookings
/// of one event per minute; spreading the index over <see cref="ShardCount"/> grains keeps each write small and
/// keeps any single grain off the hot path.
/// </summary>
public static class EventBookingsKey
{
    /// <summary>
    /// Each booking rewrites its shard, so more shards mean smaller writes (at 64, 15,000 bookings made each write
    /// 8 KB; at 256, 2 KB). Only ever raised: readers ask every shard
    /// from 0, so bookings filed under fewer shards are still found.
    /// </summary>
    public const int ShardCount = 256;

    public static string Shard(string eventId, int shard) => $"{eventId}/{shard}";

    public static string ShardFor(string eventId, string bookingId) => Shard(eventId, (int)(StableHash(bookingId) % ShardCount));

    public static IEnumerable<string> AllShards(string eventId) => Enumerable.Range(0, ShardCount).Select(i => Shard(eventId, i));

    /// <summary>FNV-1a: stable across processes and versions, unlike <see cref="string.GetHashCode()"/>.</summary>
    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
