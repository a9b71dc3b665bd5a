namespace Ticketing.Api.Auth;

/// <summary>Settings under <c>Ticketing:RateLimits</c> (e.g. <c>Ticketing:RateLimits:Login:PermitLimit</c>).</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Ticketing:RateLimits";

    /// <summary>The benchmark turns limits off; the policies then exist but never refuse.</summary>
    public bool Enabled { get; set; } = true;

    public RateLimitRule Login { get; set; } = new() { PermitLimit = 10 };

    /// <summary>
    /// Sign-in attempts for one account (case-insensitive, trimmed e-mail), from whatever addresses: an attacker with
    /// many addresses passes <see cref="Login"/>. Lockout stops password guessing; this also bounds the password-hashing
    /// work spent on one address, known or unknown.
    /// </summary>
    public RateLimitRule LoginPerAccount { get; set; } = new() { PermitLimit = 10 };

    public RateLimitRule Registration { get; set; } = new() { PermitLimit = 5 };

    public RateLimitRule Holds { get; set; } = new() { PermitLimit = 60 };

    public RateLimitRule Confirmations { get; set; } = new() { PermitLimit = 30 };

    /// <summary>
    /// Holds from one client address, whoever signs them: a bot with many accounts still comes from few addresses.
    /// Generous, because a box office or a mobile carrier puts many honest buyers behind one address.
    /// </summary>
    public RateLimitRule HoldsPerAddress { get; set; } = new() { PermitLimit = 600 };

    /// <summary>Confirmations from one client address, whoever signs them (see <see cref="HoldsPerAddress"/>).</summary>
    public RateLimitRule ConfirmationsPerAddress { get; set; } = new() { PermitLimit = 300 };
}
