namespace Ticketing.Api.Users;

public sealed record RegisterRequest(string? Email, string? Password, string? DisplayName);
