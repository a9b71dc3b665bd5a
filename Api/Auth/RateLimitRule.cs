namespace Ticketing.Api.Auth;

/// <summary>At most <see cref="PermitLimit"/> requests per partition in each fixed window of <see cref="WindowSeconds"/>.</summary>
public sealed class RateLimitRule
{
    public int PermitLimit { get; set; }

    public int WindowSeconds { get; set; } = 60;
}
