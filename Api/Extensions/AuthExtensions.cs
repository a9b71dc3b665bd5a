using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using Ticketing.Api.Auth;
using Ticketing.Silo.Hosting;

namespace Ticketing.Api.Extensions;

public static class AuthExtensions
{
    /// <summary>JWT bearer authentication and the role policies of SPEC section 9.</summary>
    public static WebApplicationBuilder AddTicketingAuth(this WebApplicationBuilder builder, HostingSettings settings)
    {
        var jwt = new JwtOptions();
        builder.Configuration.GetSection(JwtOptions.SectionName).Bind(jwt);
        if (string.IsNullOrEmpty(jwt.SigningKey))
        {
            if (settings.Mode != RunMode.Embedded)
            {
                throw new HostingConfigurationException("Auth:Jwt:SigningKey (env Auth__Jwt__SigningKey) is required outside embedded mode.");
            }

            // Embedded mode is for trying the product: a key per process is fine, tokens just die with it.
            jwt.SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
            builder.Services.AddSingleton(new StartupNotice("Auth:Jwt:SigningKey is not set: generated a random signing key; tokens stop working when this process restarts."));
        }
        else if (jwt.SigningKey.Length < 32)
        {
            throw new HostingConfigurationException("Auth:Jwt:SigningKey must be at least 32 characters.");
        }

        if (jwt.AccessTokenMinutes is < 1 or > 24 * 60)
        {
            throw new HostingConfigurationException("Auth:Jwt:AccessTokenMinutes must be between 1 and 1440.");
        }

        var authority = AuthorityFrom(jwt);
        builder.Services.AddSingleton(jwt);
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                // Each distinct token is validated once until it expires (see CachingJsonWebTokenHandler). Set before
                // MapInboundClaims, which applies to the handlers in the list.
                o.TokenHandlers.Clear();
                o.TokenHandlers.Add(new CachingJsonWebTokenHandler(TimeProvider.System));
                o.MapInboundClaims = false;
                if (authority is not null)
                {
                    o.Authority = jwt.Authority;

                    // The handler refuses plain-HTTP metadata by default, and did so with a 500 on every request.
                    // Loopback is the one place it is safe: nobody on a network path can swap the keys.
                    o.RequireHttpsMetadata = !authority.IsLoopback;
                }

                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = true,
                    ValidIssuer = jwt.Issuer,
                    ValidateAudience = true,
                    ValidAudience = jwt.Audience,
                    ValidateLifetime = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    IssuerSigningKey = TokenIssuer.SigningKeyFor(jwt),
                    NameClaimType = "sub",
                    RoleClaimType = "role",
                };
                o.Events = new JwtBearerEvents
                {
                    // The dashboard is opened in a browser, which cannot send the header (see DashboardAccessToken).
                    OnMessageReceived = context =>
                    {
                        context.Token ??= DashboardAccessToken.From(context.Request);
                        return Task.CompletedTask;
                    },
                    OnTokenValidated = context =>
                    {
                        if (context.SecurityToken is { } token && DashboardAccessToken.From(context.Request) is { } raw)
                        {
                            DashboardAccessToken.RememberIfFromQuery(context.HttpContext, raw, new DateTimeOffset(token.ValidTo, TimeSpan.Zero));
                        }

                        return Task.CompletedTask;
                    },
                };
            });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Customer, p => p.RequireAuthenticatedUser().RequireClaim("sub"))
            .AddPolicy(Policies.Organizer, p => p.RequireAuthenticatedUser().RequireRole(Roles.Organizer, Roles.Admin))
            .AddPolicy(Policies.Admin, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin));
        return builder;
    }

    /// <summary>
    /// The external authority, checked at start-up: the handler would otherwise fail on the first request (a 500 for
    /// every caller, the API's own tokens included) rather than refuse to start.
    /// </summary>
    private static Uri? AuthorityFrom(JwtOptions jwt)
    {
        if (string.IsNullOrWhiteSpace(jwt.Authority))
        {
            return null;
        }

        if (!Uri.TryCreate(jwt.Authority, UriKind.Absolute, out var uri)
            || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            throw new HostingConfigurationException(
                "Auth:Jwt:Authority must be an absolute https:// URL (http:// only for a provider on this machine's loopback).");
        }

        return uri;
    }
}
