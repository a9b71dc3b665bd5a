namespace Ticketing.Api.Auth;

/// <summary>Settings under <c>Auth:Jwt</c>.</summary>
public sealed class JwtOptions
{
    public const string SectionName = "Auth:Jwt";

    /// <summary>HMAC-SHA256 signing key, at least 32 characters. Required outside embedded mode.</summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "ticketing";

    /// <summary>The audience of the API's own tokens, and the one an external provider's tokens must name too.</summary>
    public string Audience { get; set; } = "ticketing-api";

    public int AccessTokenMinutes { get; set; } = 60;

    /// <summary>
    /// Optional external identity provider (OpenID Connect authority); when set, its tokens are accepted too. The API
    /// reads the provider's discovery document and signing keys, accepts its issuer next to <see cref="Issuer"/>, and
    /// reads its tokens as its own: <c>sub</c> is the user id, roles come from <c>role</c> claims only (not
    /// <c>roles</c> or nested claims). https:// only, except a provider on loopback (tests, local development).
    /// </summary>
    public string? Authority { get; set; }
}
