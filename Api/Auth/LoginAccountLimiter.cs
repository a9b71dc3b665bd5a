using System.Threading.RateLimiting;
using Ticketing.Api.Users;

namespace Ticketing.Api.Auth;

/// <summary>
/// Counts sign-in attempts per account (the normalized e-mail of the login request), on top of the per-address
/// <see cref="RateLimitPolicies.Login"/> policy: an attacker spraying one account from many addresses passes every
/// per-address limit. The e-mail is in the body, which the rate-limiting middleware runs before, so the endpoint asks
/// this limiter after binding instead of the middleware reading the body a second time.
/// </summary>
public sealed class LoginAccountLimiter : IDisposable
{
    /// <summary>Addresses longer than any account's share one partition: they cannot sign in, and must not grow the table.</summary>
    private const string OverlongPartition = "overlong";

    private readonly PartitionedRateLimiter<string> _limiter;

    public LoginAccountLimiter(RateLimitOptions options)
    {
        var rule = options.LoginPerAccount;
        var window = TimeSpan.FromSeconds(rule.WindowSeconds);
        _limiter = PartitionedRateLimiter.Create<string, string>(account => options.Enabled
            ? RateLimitPartition.GetFixedWindowLimiter(account, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = rule.PermitLimit,
                Window = window,
                QueueLimit = 0,
                AutoReplenishment = true,
            })
            : RateLimitPartition.GetNoLimiter(string.Empty));
    }

    /// <summary>
    /// Takes one attempt for the account; null when allowed, otherwise how long to wait. Unknown addresses count too,
    /// so the answer does not tell which addresses have accounts.
    /// </summary>
    public TimeSpan? TryAcquire(string normalizedEmail)
    {
        var partition = normalizedEmail.Length <= RegistrationRules.MaxEmailLength ? normalizedEmail : OverlongPartition;
        using var lease = _limiter.AttemptAcquire(partition);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => _limiter.Dispose();
}
