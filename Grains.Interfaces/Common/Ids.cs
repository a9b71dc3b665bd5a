using System.Security.Cryptography;

namespace Ticketing.Common;

/// <summary>The one id generator: 128 random bits as 32 lowercase hex characters (unguessable, URL-safe).</summary>
public static class Ids
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>True for ids this generator could have made; keys from URLs are checked with it before any grain call.</summary>
    public static bool IsWellFormed(string? id)
        => id is { Length: 32 } && id.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
