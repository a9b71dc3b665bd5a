using System.Security.Cryptography;
using System.Text;

namespace Ticketing.Idempotency;

/// <summary>
/// The client's <c>Idempotency-Key</c> header (SPEC section 7): 1..255 printable ASCII characters, scoped per user
/// and endpoint. The grain key hashes the client's key so arbitrary header text never becomes part of a storage key.
/// </summary>
public static class IdempotencyKey
{
    public const int MaxLength = 255;

    public const string HeaderName = "Idempotency-Key";

    public const string ReplayedHeaderName = "Idempotent-Replayed";

    public static bool IsValid(string? key)
        => key is { Length: >= 1 and <= MaxLength } && key.All(c => c is >= (char)0x20 and <= (char)0x7E);

    /// <summary>The key of the <see cref="IIdempotencyGrain"/>: <c>{userId}/{endpoint}/{sha256(key) hex}</c>.</summary>
    public static string GrainKeyFor(string userId, string endpoint, string key)
        => $"{userId}/{endpoint}/{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))}";

    /// <summary>The request fingerprint: SHA-256 (hex) of the canonical request body.</summary>
    public static string Fingerprint(string canonicalBody)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalBody)));
}
