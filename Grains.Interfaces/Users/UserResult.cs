using Ticketing.Common;

namespace Ticketing.Users;

[GenerateSerializer, Immutable, Alias("ticketing.UserResult")]
public sealed record UserResult([property: Id(0)] UserSnapshot? User, [property: Id(1)] DomainError? Error)
{
    public bool Succeeded => Error is null;

    public static UserResult Ok(UserSnapshot user) => new(user, null);

    public static UserResult Fail(DomainError error) => new(null, error);
}
