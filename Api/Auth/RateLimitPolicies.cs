namespace Ticketing.Api.Auth;

/// <summary>
/// Named rate-limit policies for <c>.RequireRateLimiting(...)</c>. Always registered (as no-limit policies when
/// <c>Ticketing:RateLimits:Enabled</c> is false), so endpoints may reference them unconditionally.
/// </summary>
public static class RateLimitPolicies
{
    /// <summary>Per client IP.</summary>
    public const string Login = "login";

    /// <summary>Per client IP.</summary>
    public const string Registration = "registration";

    /// <summary>Per signed-in user (client IP when anonymous).</summary>
    public const string Holds = "holds";

    /// <summary>Per signed-in user (client IP when anonymous).</summary>
    public const string Confirmations = "confirmations";
}
