using System.Collections.Immutable;

namespace Ticketing.Users;

/// <summary>The public view of an account (never the password hash).</summary>
[GenerateSerializer, Immutable, Alias("ticketing.UserSnapshot")]
public sealed record UserSnapshot(
    [property: Id(0)] string Id,
    [property: Id(1)] string Email,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] ImmutableArray<string> Roles,
    [property: Id(4)] DateTimeOffset CreatedAt);
