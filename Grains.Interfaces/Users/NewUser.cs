using System.Collections.Immutable;

namespace Ticketing.Users;

/// <summary>A validated registration; <see cref="PasswordHash"/> is already hashed by the API.</summary>
[GenerateSerializer, Immutable, Alias("ticketing.NewUser")]
public sealed record NewUser(
    [property: Id(0)] string Email,
    [property: Id(1)] string NormalizedEmail,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] string PasswordHash,
    [property: Id(4)] ImmutableArray<string> Roles);
