using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ticketing.Payments.Mock;

/// <summary><c>Mock-Signature: t={unix seconds},v1={hex HMAC-SHA256(secret, "{t}.{payload}")}</c>, as real providers sign.</summary>
public static class MockWebhookSignature
{
    public const string Header = "Mock-Signature";

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

        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var signature)
            || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
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
