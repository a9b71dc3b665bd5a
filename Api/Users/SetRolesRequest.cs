namespace Ticketing.Api.Users;

public sealed record SetRolesRequest(IReadOnlyList<string?>? Roles);
