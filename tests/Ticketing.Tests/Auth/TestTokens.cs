using Microsoft.Extensions.Time.Testing;
using Ticketing.Api.Auth;
using Ticketing.Common;

namespace Ticketing.Tests.Auth;

/// <summary>Tokens the API must refuse: expired, or signed with a key it does not know.</summary>
public static class TestTokens
{
    public static string Expired(params string[] roles)
    {
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-3));
        var issuer = new TokenIssuer(new JwtOptions { SigningKey = Infrastructure.ApiFixture.SigningKey, AccessTokenMinutes = 60 }, past);
        return issuer.Issue(Ids.New(), "expired@example.test", roles.Length == 0 ? [Roles.Customer] : roles);
    }

    public static string SignedWithAnotherKey(params string[] roles)
    {
        var issuer = new TokenIssuer(new JwtOptions { SigningKey = "a-completely-different-signing-key-of-enough-length" }, TimeProvider.System);
        return issuer.Issue(Ids.New(), "forged@example.test", roles.Length == 0 ? [Roles.Admin] : roles);
    }
}
