namespace Ticketing.Users;

/// <summary>
/// <see cref="User"/> is set when the login succeeded; <see cref="LockedUntil"/> when the account is (now) locked;
/// neither for an ordinary wrong password.
/// </summary>
[GenerateSerializer, Immutable, Alias("ticketing.LoginOutcome")]
public sealed record LoginOutcome([property: Id(0)] UserSnapshot? User, [property: Id(1)] DateTimeOffset? LockedUntil);
