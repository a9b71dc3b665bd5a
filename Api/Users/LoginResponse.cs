namespace Ticketing.Api.Users;

/// <param name="ExpiresIn">Seconds until the access token expires.</param>
public sealed record LoginResponse(string AccessToken, string TokenType, int ExpiresIn);
