using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ticketing.Api.Auth;

/// <summary>Issues the API's own access tokens (HS256) with the user id, e-mail and roles.</summary>
public sealed class TokenIssuer(JwtOptions options, TimeProvider time)
{
    private readonly SigningCredentials _credentials = new(SigningKeyFor(options), SecurityAlgorithms.HmacSha256);
    private readonly JsonWebTokenHandler _handler = new();

    public TimeSpan Lifetime => TimeSpan.FromMinutes(options.AccessTokenMinutes);

    public string Issue(string userId, string email, IEnumerable<string> roles)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, userId),
            new(JwtRegisteredClaimNames.Email, email),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
        };
        claims.AddRange(roles.Select(r => new Claim("role", r)));
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + Lifetime,
            SigningCredentials = _credentials,
        });
    }

    public static SymmetricSecurityKey SigningKeyFor(JwtOptions options)
        => new(Encoding.UTF8.GetBytes(options.SigningKey ?? throw new InvalidOperationException("Auth:Jwt:SigningKey is not set.")));
}
