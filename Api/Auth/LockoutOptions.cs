namespace Ticketing.Api.Auth;

/// <summary>Settings under <c>Auth:Lockout</c>: consecutive wrong passwords that lock an account, and for how long.</summary>
public sealed class LockoutOptions
{
    public const string SectionName = "Auth:Lockout";

    public int MaxFailures { get; set; } = 5;

    public double Minutes { get; set; } = 5;

    public TimeSpan Duration => TimeSpan.FromMinutes(Minutes);
}
