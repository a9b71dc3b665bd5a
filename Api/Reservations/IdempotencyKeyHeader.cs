using System.Security.Cryptography;
using System.Text;

namespace Ticketing.Api.Reservations;

/// <summary>The optional <c>Idempotency-Key</c> of <c>POST /reservations</c>: 1..255 printable ASCII characters.</summary>
public static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static bool IsValid(string key) => key.Length is >= 1 and <= 255 && key.All(c => c is >= ' ' and <= '~');

    /// <summary>
    /// The reservation id for a keyed request: derived from the user and the key, so a retry lands on the same
    /// reservation grain and cannot create a second hold.
    /// </summary>
    public static string ReservationIdFor(string userId, string key)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"reservation|{userId}|{key}")))[..32];
}
