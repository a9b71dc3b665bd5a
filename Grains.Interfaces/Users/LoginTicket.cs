namespace Ticketing.Users;

/// <summary>The stored hash to verify against, and the end of a lockout in force (null when not locked).</summary>
[GenerateSerializer, Immutable, Alias("ticketing.LoginTicket")]
public sealed record LoginTicket(
    [property: Id(0)] string Email,
    [property: Id(1)] string PasswordHash,
    [property: Id(2)] DateTimeOffset? LockedUntil);
