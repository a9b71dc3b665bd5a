using System.Text;
using Orleans.Runtime;

namespace Ticketing.Silo.Storage.Postgres;

/// <summary>
/// Where a grain's state lives in <c>OrleansStorage</c>, derived exactly as Orleans' ADO.NET grain storage derives it,
/// so rows written before this provider took over stay readable and the schema's queries, unique index and sweeper
/// apply unchanged (<c>Database/Sql/0003-orleans-persistence.sql</c>):
/// <list type="bullet">
/// <item>a GUID key (with or without an extension) is stored as its two 64-bit halves in N0/N1; an integer key as N1
/// with N0 zero; any other key only as the extension string, with both numbers zero;</item>
/// <item>the id hash is Orleans' stable hash of the key bytes (GUID bytes or the integer's bytes, then the
/// extension's UTF-8; a plain string key's UTF-8), the whole sequence reversed on little-endian machines;</item>
/// <item>the type hash is the stable hash of the state name's UTF-8.</item>
/// </list>
/// <c>PostgresGrainStorageCompatibilityTests</c> checks this against the ADO.NET provider itself, both directions.
/// </summary>
public sealed record StoredStateKey(
    int GrainIdHash, long GrainIdN0, long GrainIdN1, int GrainTypeHash, string GrainTypeString, string? GrainIdExtensionString)
{
    public static StoredStateKey For(string stateName, GrainId grainId)
    {
        // The ADO.NET provider strips assembly versions from generic type names; our state names are plain words.
        if (stateName.Contains('`'))
        {
            throw new ArgumentException($"State name '{stateName}' looks like a generic type name, which this storage does not key.", nameof(stateName));
        }

        long n0, n1;
        string? extension;
        byte[] keyBytes;
        if (grainId.TryGetGuidKey(out var guid, out extension))
        {
            var guidBytes = guid.ToByteArray();
            n0 = BitConverter.ToInt64(guidBytes, 0);
            n1 = BitConverter.ToInt64(guidBytes, 8);
            keyBytes = WithExtension(guidBytes, extension);
        }
        else if (grainId.TryGetIntegerKey(out var integer, out extension))
        {
            n0 = 0;
            n1 = integer;
            keyBytes = WithExtension(BitConverter.GetBytes(integer), extension);
        }
        else
        {
            n0 = 0;
            n1 = 0;
            extension = grainId.Key.ToString();
            keyBytes = Encoding.UTF8.GetBytes(extension);
        }

        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(keyBytes);
        }

        return new StoredStateKey(
            (int)StableHash.ComputeHash(keyBytes), n0, n1,
            (int)StableHash.ComputeHash(Encoding.UTF8.GetBytes(stateName)), stateName, extension);
    }

    private static byte[] WithExtension(byte[] key, string? extension)
        => extension is null ? key : [.. key, .. Encoding.UTF8.GetBytes(extension)];

    /// <summary>A total order on keys, so concurrent batches take row locks in the same order and cannot deadlock.</summary>
    public static int Compare(StoredStateKey a, StoredStateKey b)
    {
        var c = a.GrainIdHash.CompareTo(b.GrainIdHash);
        if (c == 0) c = a.GrainTypeHash.CompareTo(b.GrainTypeHash);
        if (c == 0) c = a.GrainIdN0.CompareTo(b.GrainIdN0);
        if (c == 0) c = a.GrainIdN1.CompareTo(b.GrainIdN1);
        if (c == 0) c = string.CompareOrdinal(a.GrainTypeString, b.GrainTypeString);
        if (c == 0) c = string.CompareOrdinal(a.GrainIdExtensionString, b.GrainIdExtensionString);
        return c;
    }

    public override string ToString() => $"{GrainTypeString}/{GrainIdN0:x}:{GrainIdN1:x}:{GrainIdExtensionString}";
}
