using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Ticketing.Api.Auth;
using Ticketing.Api.Http;

namespace Ticketing.Api.Extensions;

/// <summary>The cross-cutting HTTP protections: security headers, CORS, rate limits.</summary>
public static class SecurityExtensions
{
    /// <summary>1 MB: the largest legitimate body (an event with its seat map) is far smaller.</summary>
    public const long DefaultMaxRequestBodySize = 1024 * 1024;

    public static IServiceCollection AddTicketingSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = new RateLimitOptions();
        configuration.GetSection(RateLimitOptions.SectionName).Bind(limits);
        Validate(nameof(limits.Login), limits.Login);
        Validate(nameof(limits.LoginPerAccount), limits.LoginPerAccount);
        Validate(nameof(limits.Registration), limits.Registration);
        Validate(nameof(limits.Holds), limits.Holds);
        Validate(nameof(limits.Confirmations), limits.Confirmations);
        Validate(nameof(limits.HoldsPerAddress), limits.HoldsPerAddress);
        Validate(nameof(limits.ConfirmationsPerAddress), limits.ConfirmationsPerAddress);
        services.AddSingleton(limits);
        services.AddSingleton<LoginAccountLimiter>();

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RejectAsync;
            AddPolicy(o, RateLimitPolicies.Login, limits.Enabled, limits.Login, ByClientAddress);
            AddPolicy(o, RateLimitPolicies.Registration, limits.Enabled, limits.Registration, ByClientAddress);
            AddPolicy(o, RateLimitPolicies.Holds, limits.Enabled, limits.Holds, ByUser);
            AddPolicy(o, RateLimitPolicies.Confirmations, limits.Enabled, limits.Confirmations, ByUser);
            if (limits.Enabled)
            {
                // On top of the per-user policies: an endpoint has one policy, the global limiter adds the per-address one.
                o.GlobalLimiter = PerAddressLimiter(limits);
            }
        });

        // WebApplication.CreateBuilder binds Kestrel endpoints from configuration but not Kestrel:Limits, so the 1 MB body
        // limit in appsettings.json would silently stay at Kestrel's 30 MB default without this.
        services.Configure<KestrelServerOptions>(o =>
        {
            o.Limits.MaxRequestBodySize = DefaultMaxRequestBodySize;
            configuration.GetSection("Kestrel:Limits").Bind(o.Limits);
        });

        var cors = new CorsSettings();
        configuration.GetSection(CorsSettings.SectionName).Bind(cors);
        services.AddSingleton(cors);
        if (cors.AllowedOrigins.Length > 0)
        {
            services.AddCors(o => o.AddPolicy(CorsSettings.PolicyName, p => p
                .WithOrigins(cors.AllowedOrigins)
                .AllowAnyHeader()
                .AllowAnyMethod()
                .WithExposedHeaders("Idempotent-Replayed", "Retry-After", "Location")));
        }

        return services;
    }

    /// <summary>
    /// Runs after problem details and before the host's own authentication. Authentication runs here too because the
    /// per-user rate limits partition by the token's subject; the handler caches its result per request, so the host's
    /// later <c>UseAuthentication</c> costs nothing more.
    /// </summary>
    public static WebApplication UseTicketingSecurity(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        if (app.Services.GetRequiredService<CorsSettings>().AllowedOrigins.Length > 0)
        {
            app.UseCors(CorsSettings.PolicyName);
        }

        app.UseAuthentication();
        app.UseRateLimiter();
        return app;
    }

    private static void Validate(string name, RateLimitRule rule)
    {
        if (rule.PermitLimit < 1 || rule.WindowSeconds < 1)
        {
            throw new Silo.Hosting.HostingConfigurationException(
                $"{RateLimitOptions.SectionName}:{name} needs PermitLimit >= 1 and WindowSeconds >= 1.");
        }
    }

    private static void AddPolicy(RateLimiterOptions options, string name, bool enabled, RateLimitRule rule, Func<HttpContext, string> partition)
    {
        if (!enabled)
        {
            options.AddPolicy(name, _ => RateLimitPartition.GetNoLimiter(string.Empty));
            return;
        }

        var window = TimeSpan.FromSeconds(rule.WindowSeconds);
        options.AddPolicy(name, context => RateLimitPartition.GetFixedWindowLimiter(partition(context), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = rule.PermitLimit,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Per client address, for the endpoints whose per-user policy is Holds or Confirmations; nothing else.</summary>
    private static PartitionedRateLimiter<HttpContext> PerAddressLimiter(RateLimitOptions limits)
        => PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var (name, rule) = context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName switch
            {
                RateLimitPolicies.Holds => ("holds", limits.HoldsPerAddress),
                RateLimitPolicies.Confirmations => ("confirmations", limits.ConfirmationsPerAddress),
                _ => (null, null),
            };
            return name is null
                ? RateLimitPartition.GetNoLimiter(string.Empty)
                : RateLimitPartition.GetFixedWindowLimiter($"{name}:{ByClientAddress(context)}", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = rule!.PermitLimit,
                    Window = TimeSpan.FromSeconds(rule.WindowSeconds),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
        });

    private static string ByClientAddress(HttpContext context)
        => "ip:" + (context.Connection.RemoteIpAddress ?? IPAddress.None);

    private static string ByUser(HttpContext context)
        => context.User.Identity?.IsAuthenticated == true && context.User.FindFirstValue("sub") is { } userId
            ? "user:" + userId
            : ByClientAddress(context);

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = "Slow down and retry after the number of seconds in Retry-After.",
                Type = ApiProblems.TypeFor(ErrorCodes.RateLimited),
                Extensions = { ["code"] = ErrorCodes.RateLimited },
            },
        });
    }
}
