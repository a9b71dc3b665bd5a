using System.Globalization;
using System.Text;

namespace Ticketing.Payments;

/// <summary>Which ledger shard holds a key or a transaction: a stable hash (FNV-1a), never string.GetHashCode.</summary>
public static class MockLedgerShards
{
    public const int Count = 16;

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
