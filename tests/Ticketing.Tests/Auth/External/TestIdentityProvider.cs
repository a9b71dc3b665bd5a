using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ticketing.Tests.Auth.External;

/// <summary>
/// A minimal OpenID Connect provider on Kestrel: a discovery document and a JWKS with one RSA key made for this
/// run, which is everything the API's JWT bearer handler fetches from an authority. It signs tokens in process.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly JsonWebTokenHandler _handler = new();
    private WebApplication? _app;

    public const string KeyId = "test-idp-key-1";

    /// <summary>The authority and issuer: the base address plus a path, as real providers (realms, tenants) have.</summary>
    public string Issuer { get; private set; } = null!;

    public SigningCredentials Credentials => new(new RsaSecurityKey(_rsa) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/idp/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = Issuer + "/jwks",
            ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256 },
        }));
        _app.MapGet("/idp/jwks", () =>
        {
            var publicKey = _rsa.ExportParameters(includePrivateParameters: false);
            return Results.Json(new
            {
                keys = new[]
                {
                    new Dictionary<string, string>
                    {
                        ["kty"] = "RSA",
                        ["use"] = "sig",
                        ["alg"] = SecurityAlgorithms.RsaSha256,
                        ["kid"] = KeyId,
                        ["n"] = Base64UrlEncoder.Encode(publicKey.Modulus),
                        ["e"] = Base64UrlEncoder.Encode(publicKey.Exponent),
                    },
                },
            });
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        Issuer = address.TrimEnd('/') + "/idp";
    }

    /// <summary>A token as the provider would issue it; each argument can be made wrong on purpose.</summary>
    public string Issue(
        string subject,
        string audience,
        IEnumerable<Claim>? claims = null,
        string? issuer = null,
        DateTime? expires = null,
        SigningCredentials? credentials = null)
    {
        var until = expires ?? DateTime.UtcNow.AddMinutes(10);
        var identity = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, subject), .. claims ?? []]);
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = identity,
            Issuer = issuer ?? Issuer,
            Audience = audience,
            IssuedAt = until.AddMinutes(-20),
            NotBefore = until.AddMinutes(-20),
            Expires = until,
            SigningCredentials = credentials ?? Credentials,
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _rsa.Dispose();
    }
}
