using Ticketing.Common;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Http;
using Ticketing.Api.Users;
using Ticketing.Users;

namespace Ticketing.Api.Auth;

/// <summary><c>POST /auth/register</c> and <c>POST /auth/login</c> (SPEC section 9).</summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/auth").WithTags("Auth").AllowAnonymous();
        group.MapPost("/register", RegisterAsync).RequireRateLimiting(RateLimitPolicies.Registration);
        group.MapPost("/login", LoginAsync).RequireRateLimiting(RateLimitPolicies.Login);
        return endpoints;
    }

    private static async Task<Results<Created<UserResponse>, ProblemHttpResult>> RegisterAsync(RegisterRequest request, UserAccounts accounts)
    {
        var errors = RegistrationRules.Validate(request.Email, request.Password, request.DisplayName);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var outcome = await accounts.RegisterAsync(request.Email!, request.Password!, request.DisplayName!, [Roles.Customer]);
        if (outcome.User is not { } user)
        {
            return ApiProblems.Create(StatusCodes.Status409Conflict, Common.DomainErrorCodes.EmailTaken, "This e-mail address is already registered.");
        }

        return TypedResults.Created($"/users/{user.Id}", UserResponse.From(user));
    }

    private static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, HttpContext http, IClusterClient cluster, PasswordHashing passwords, TokenIssuer tokens, LockoutOptions lockout,
        LoginAccountLimiter accountLimiter)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
        {
            var errors = new Dictionary<string, string[]>();
            if (string.IsNullOrWhiteSpace(request.Email))
            {
                errors["email"] = ["An e-mail address is required."];
            }

            if (string.IsNullOrEmpty(request.Password))
            {
                errors["password"] = ["A password is required."];
            }

            return ApiProblems.Validation(errors);
        }

        var normalized = EmailKey.Normalize(request.Email);
        if (accountLimiter.TryAcquire(normalized) is { } wait)
        {
            return TooManyAttemptsForAccount(http, wait);
        }

        var userId = normalized.Length <= RegistrationRules.MaxEmailLength
            ? await cluster.For<IUserEmailIndexGrain>(normalized).GetUserIdAsync()
            : null;
        var user = userId is null ? null : cluster.For<IUserGrain>(userId);
        var ticket = user is null ? null : await user.BeginLoginAsync();
        if (user is null || ticket is null)
        {
            // Same work as checking a real password: an unknown address must not answer faster.
            await passwords.VerifyDummyAsync(request.Password);
            return InvalidCredentials();
        }

        if (ticket.LockedUntil is { } lockedUntil)
        {
            return Locked(http, lockedUntil);
        }

        var (matched, rehash) = await passwords.VerifyAsync(ticket.PasswordHash, request.Password);
        var outcome = await user.CompleteLoginAsync(new LoginAttempt(matched, rehash, lockout.MaxFailures, lockout.Duration));
        if (outcome.User is { } signedIn)
        {
            var token = tokens.Issue(signedIn.Id, signedIn.Email, signedIn.Roles);
            return TypedResults.Ok(new LoginResponse(token, "Bearer", (int)tokens.Lifetime.TotalSeconds));
        }

        return outcome.LockedUntil is { } until ? Locked(http, until) : InvalidCredentials();
    }

    private static ProblemHttpResult InvalidCredentials()
        => ApiProblems.Create(StatusCodes.Status401Unauthorized, AuthErrorCodes.InvalidCredentials, "The e-mail address or the password is wrong.");

    /// <summary>The same problem as the rate-limiting middleware's, so clients handle one shape of 429.</summary>
    private static ProblemHttpResult TooManyAttemptsForAccount(HttpContext http, TimeSpan wait)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return ApiProblems.Create(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, "Too many requests.",
            "Too many sign-in attempts for this account. Retry after the number of seconds in Retry-After.");
    }

    private static ProblemHttpResult Locked(HttpContext http, DateTimeOffset lockedUntil)
    {
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var seconds = Math.Max(1, (int)Math.Ceiling((lockedUntil - now).TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return ApiProblems.Create(StatusCodes.Status429TooManyRequests, AuthErrorCodes.AccountLocked,
            "The account is locked after repeated failed sign-ins.", $"Try again in {seconds} seconds.");
    }
}
