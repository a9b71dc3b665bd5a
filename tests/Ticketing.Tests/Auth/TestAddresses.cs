namespace Ticketing.Tests.Auth;

/// <summary>Client addresses no other test uses, for tests whose rate limits count per address.</summary>
public static class TestAddresses
{
    private static int _next;

    /// <summary>A fresh address in 10.0.0.0/8 (never the loopback the tests really connect from).</summary>
    public static string Next()
    {
        var n = Interlocked.Increment(ref _next);
        return $"10.{(n >> 16) & 0xFF}.{(n >> 8) & 0xFF}.{n & 0xFF}";
    }
}
