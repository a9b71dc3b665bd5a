namespace Ticketing.Api.Users;

public sealed record LoginRequest(string? Email, string? Password);
