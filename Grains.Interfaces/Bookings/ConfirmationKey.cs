using System.Security.Cryptography;
using System.Text;

namespace Ticketing.Bookings;

/// <summary>
/// Where the idempotency record of <c>POST /bookings/confirm</c> lives (SPEC section 7): in the booking the request
/// makes. The booking's id is derived from the user and the client's Idempotency-Key, so every repeat of a request
/// reaches the booking the first one made, which keeps the request's fingerprint and its first answer with the saga's
/// own writes: no separate record, no write of its own, and a confirmation's only commits are the saga's.
/// </summary>
public static class ConfirmationKey
{
    /// <summary>
    /// How many bookings one key may make: a retry after a provider error (502, nothing charged) makes a fresh
    /// attempt under the next id; after this many the last 502 is the key's answer and a new key is needed.
    /// </summary>
    public const int MaxAttempts = 10;

    /// <summary>The first booking of the user's key (32 lowercase hex characters, like every id).</summary>
    public static string BookingIdFor(string userId, string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        return Derive($"bookings.confirm\n{userId}\n{idempotencyKey}");
    }

    /// <summary>The booking a retry makes after <paramref name="bookingId"/> failed with nothing charged.</summary>
    public static string NextAttempt(string bookingId) => Derive($"bookings.confirm.retry\n{bookingId}");

    private static string Derive(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
}
