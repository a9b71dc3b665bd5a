using Ticketing.Users;

namespace Ticketing.Api.Users;

public sealed record UserResponse(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles)
{
    public static UserResponse From(UserSnapshot user) => new(user.Id, user.Email, user.DisplayName, user.Roles);
}
