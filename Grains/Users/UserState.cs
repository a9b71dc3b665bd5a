namespace Ticketing.Users;

[GenerateSerializer]
public sealed class UserState
{
    [Id(0)] public string? Email { get; set; }

    [Id(1)] public string? NormalizedEmail { get; set; }

    [Id(2)] public string? DisplayName { get; set; }

    [Id(3)] public string? PasswordHash { get; set; }

    [Id(4)] public List<string> Roles { get; set; } = [];

    [Id(5)] public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>Consecutive wrong passwords since the last success or lockout.</summary>
    [Id(6)] public int FailedLogins { get; set; }

    [Id(7)] public DateTimeOffset? LockedUntil { get; set; }
}
