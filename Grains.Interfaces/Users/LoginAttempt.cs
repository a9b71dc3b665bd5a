namespace Ticketing.Users;

/// <summary>
/// The outcome of a password check done by the API. The lockout policy travels with the attempt so the API's
/// configuration (<c>Auth:Lockout</c>) is the only place it is set.
/// </summary>
[GenerateSerializer, Immutable, Alias("ticketing.LoginAttempt")]
public sealed record LoginAttempt(
    [property: Id(0)] bool PasswordMatched,
    [property: Id(1)] string? NewPasswordHash,
    [property: Id(2)] int MaxFailures,
    [property: Id(3)] TimeSpan LockoutDuration);
