namespace Ticketing.Api.Auth;

/// <summary>Settings under <c>Auth:Jwt</c>.</summary>
public sealed class JwtOptions
{
    public const string SectionName = "Auth:Jwt";

    /// <summary>HMAC-SHA256 signing key, at least 32 characters. Required outside embedded mode.</summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "ticketing";

    public string Audience { get; set; } = "ticketing-api";

    public int AccessTokenMinutes { get; set; } = 60;

    /// <summary>Optional external identity provider (OpenID Connect authority); when set, its tokens are accepted too.</summary>
    public string? Authority { get; set; }
}
