using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ticketing.Payments.Mock;

/// <summary><c>Mock-Signature: t={unix seconds},v1={hex HMAC-SHA256(secret, "{t}.{payload}")}</c>, as real providers sign.</summary>
public static class MockWebhookSignature
{
    public const string Header = "Mock-Signature";

    /// <summary>The last second <see cref="DateTimeOffset.FromUnixTimeSeconds"/> accepts (9999-12-31).</summary>
    private const long MaxUnixSeconds = 253_402_300_799;

    public static string Create(string payload, string secret, DateTimeOffset now)
    {
        var t = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={Compute(t, payload, secret)}";
    }

    /// <returns>Null when valid, else why not.</returns>
    public static string? Verify(string payload, string? header, string secret, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(header))
        {
            return "missing signature";
        }

        // Parsed by hand, without throwing on anything a sender can put in the header: a repeated field or an
        // out-of-range time is malformed, not a server error.
        string? t = null, signature = null;
        foreach (var part in header.Split(','))
        {
            var pair = part.Split('=', 2);
            if (pair.Length != 2)
            {
                continue;
            }

            switch (pair[0].Trim())
            {
                case "t" when t is null:
                    t = pair[1].Trim();
                    break;
                case "v1" when signature is null:
                    signature = pair[1].Trim();
                    break;
                case "t" or "v1":
                    return "malformed signature header";
            }
        }

        if (t is null || string.IsNullOrEmpty(signature)
            || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > MaxUnixSeconds)
        {
            return "malformed signature header";
        }

        if (Math.Abs((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).TotalSeconds) > tolerance.TotalSeconds)
        {
            return "timestamp outside the tolerance window";
        }

        var expected = Encoding.ASCII.GetBytes(Compute(t, payload, secret));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)) ? null : "signature mismatch";
    }

    private static string Compute(string t, string payload, string secret)
        => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}")));
}
