using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using Ticketing.Api.Auth;
using Ticketing.Common;

namespace Ticketing.Tests.Auth;

/// <summary>
/// The validated-token cache accepts exactly what validation accepts: a token stops being accepted the moment its
/// expiry (plus the clock skew) passes, a token that failed is never remembered, a token changed in any way is
/// validated on its own, and every request gets an identity of its own.
/// </summary>
public sealed class CachingJsonWebTokenHandlerTests
{
    private const string SigningKey = "caching-handler-tests-signing-key-0123456789";
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public async Task A_remembered_token_is_refused_once_its_expiry_and_the_skew_have_passed()
    {
        var handler = new CachingJsonWebTokenHandler(_time);
        var token = Issue(minutes: 1);
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);
        Assert.Equal(1, handler.Count);

        _time.Advance(TimeSpan.FromSeconds(60 + 29));
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.False((await handler.ValidateTokenAsync(token, Parameters())).IsValid);
        Assert.Equal(0, handler.Count);
    }

    [Fact]
    public async Task A_validation_is_relied_on_for_five_minutes_at_most()
    {
        var handler = new CachingJsonWebTokenHandler(_time);
        var token = Issue(minutes: 60);
        var validations = 0;
        var parameters = Parameters(onLifetimeCheck: () => validations++);

        await handler.ValidateTokenAsync(token, parameters);
        _time.Advance(TimeSpan.FromMinutes(4));
        await handler.ValidateTokenAsync(token, parameters);
        Assert.Equal(1, validations);

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await handler.ValidateTokenAsync(token, parameters)).IsValid);
        Assert.Equal(2, validations);
    }

    [Fact]
    public async Task A_refused_token_is_not_remembered_and_a_changed_token_is_validated_on_its_own()
    {
        var handler = new CachingJsonWebTokenHandler(_time);
        var token = Issue(minutes: 10);
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);

        var tampered = token[..^2] + (token[^2] == 'A' ? "BB" : "AA");
        Assert.False((await handler.ValidateTokenAsync(tampered, Parameters())).IsValid);
        Assert.False((await handler.ValidateTokenAsync(tampered, Parameters())).IsValid);

        var forged = new TokenIssuer(new JwtOptions { SigningKey = "another-signing-key-of-enough-length-0123456789" }, _time)
            .Issue(Ids.New(), "forged@example.test", [Roles.Admin]);
        Assert.False((await handler.ValidateTokenAsync(forged, Parameters())).IsValid);
        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public async Task Every_request_gets_an_identity_of_its_own()
    {
        var handler = new CachingJsonWebTokenHandler(_time);
        var token = Issue(minutes: 10, Roles.Customer);
        await handler.ValidateTokenAsync(token, Parameters());

        var first = (await handler.ValidateTokenAsync(token, Parameters())).ClaimsIdentity;
        first.AddClaim(new System.Security.Claims.Claim("role", Roles.Admin));
        var second = (await handler.ValidateTokenAsync(token, Parameters())).ClaimsIdentity;

        Assert.NotSame(first, second);
        Assert.DoesNotContain(second.FindAll("role"), c => c.Value == Roles.Admin);
        Assert.Contains(second.FindAll("role"), c => c.Value == Roles.Customer);
        Assert.False(string.IsNullOrEmpty(second.FindFirst("sub")?.Value));
    }

    private string Issue(int minutes, params string[] roles)
        => new TokenIssuer(new JwtOptions { SigningKey = SigningKey, AccessTokenMinutes = minutes }, _time)
            .Issue(Ids.New(), "buyer@example.test", roles.Length == 0 ? [Roles.Customer] : roles);

    /// <summary>The API's parameters, with lifetime read from the test's clock (the handler's own check reads the system clock).</summary>
    private TokenValidationParameters Parameters(Action? onLifetimeCheck = null) => new()
    {
        ValidateIssuer = true,
        ValidIssuer = new JwtOptions().Issuer,
        ValidateAudience = true,
        ValidAudience = new JwtOptions().Audience,
        ValidateLifetime = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        IssuerSigningKey = TokenIssuer.SigningKeyFor(new JwtOptions { SigningKey = SigningKey }),
        NameClaimType = "sub",
        RoleClaimType = "role",
        LifetimeValidator = (notBefore, expires, _, p) =>
        {
            onLifetimeCheck?.Invoke();
            var now = _time.GetUtcNow().UtcDateTime;
            return (notBefore is null || notBefore <= now + p.ClockSkew) && expires is { } e && now < e + p.ClockSkew;
        },
    };
}
