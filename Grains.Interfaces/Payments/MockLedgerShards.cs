using System.Globalization;
using System.Text;

namespace Ticketing.Payments;

/// <summary>Which ledger shard holds a key or a transaction: a stable hash (FNV-1a), never string.GetHashCode.</summary>
public static class MockLedgerShards
{
    /// <summary>
    /// Each charge rewrites its whole shard, so shards must stay small: at 16 a flash sale of 5,000 charges made every
    /// charge write ~90 KB; at 256, 15,000 charges made it 17 KB, compressed by PostgreSQL on every write and the
    /// largest share of the bytes a sale wrote. At 4,096 a charge writes about 1 KB at 15,000 charges, 4 KB at 60,000
    /// (reading the whole ledger, a test and operator view, asks every shard). Transaction ids name their shard, so ids from fewer shards stay valid; lookups by key of
    /// charges made before a change of this number miss (the mock provider only: nothing real is charged).
    /// </summary>
    public const int Count = 4096;

    public static int ForKey(string idempotencyKey)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(idempotencyKey))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash % Count);
    }

    /// <summary>Transaction ids carry their shard: <c>mock_ch_{shard:x}_{random}</c>.</summary>
    public static int? ForTransaction(string transactionId)
    {
        var parts = transactionId.Split('_');
        return parts.Length == 4 && parts[0] == "mock" && parts[1] == "ch"
               && int.TryParse(parts[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var shard) && shard is >= 0 and < Count
            ? shard
            : null;
    }

    public static string NewTransactionId(int shard) => $"mock_ch_{shard:x}_{Guid.NewGuid():N}";
}
