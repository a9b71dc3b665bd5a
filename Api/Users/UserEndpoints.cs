using System.Collections.Immutable;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Auth;
using Ticketing.Api.Http;
using Ticketing.Common;
using Ticketing.Users;

namespace Ticketing.Api.Users;

/// <summary><c>GET /users/me</c>, <c>GET /users/{id}</c> (self or admin), <c>PUT /users/{id}/roles</c> (admin).</summary>
public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/users").WithTags("Users");
        group.MapGet("/me", GetMeAsync).RequireAuthorization(Policies.Customer);
        group.MapGet("/{id}", GetAsync).RequireAuthorization(Policies.Customer);
        group.MapPut("/{id}/roles", SetRolesAsync).RequireAuthorization(Policies.Admin);
        return endpoints;
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetMeAsync(ClaimsPrincipal principal, IClusterClient cluster)
    {
        var user = await cluster.For<IUserGrain>(principal.GetUserId()).GetAsync();
        return user is null ? UserNotFound() : TypedResults.Ok(UserResponse.From(user));
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal principal, IClusterClient cluster)
    {
        // Another user's account is "not found" to a customer: existence does not leak.
        if (!Ids.IsWellFormed(id) || (id != principal.GetUserId() && !principal.IsAdmin()))
        {
            return UserNotFound();
        }

        var user = await cluster.For<IUserGrain>(id).GetAsync();
        return user is null ? UserNotFound() : TypedResults.Ok(UserResponse.From(user));
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> SetRolesAsync(string id, SetRolesRequest request, IClusterClient cluster)
    {
        if (!Ids.IsWellFormed(id))
        {
            return UserNotFound();
        }

        if (request.Roles is null)
        {
            return ApiProblems.Validation("roles", "A list of roles is required.");
        }

        var unknown = request.Roles.Where(r => r is null || !Roles.All.Contains(r)).Select(r => r ?? "null").ToList();
        if (unknown.Count > 0)
        {
            return ApiProblems.Validation("roles", $"Unknown roles: {string.Join(", ", unknown)}. Known roles: {string.Join(", ", Roles.All)}.");
        }

        // Every account is a customer; the role cannot be taken away.
        var roles = request.Roles.Select(r => r!).Append(Roles.Customer).Distinct(StringComparer.Ordinal).ToImmutableArray();
        var result = await cluster.For<IUserGrain>(id).SetRolesAsync(roles);
        return result.User is { } user ? TypedResults.Ok(UserResponse.From(user)) : UserNotFound();
    }

    private static ProblemHttpResult UserNotFound()
        => ApiProblems.Create(StatusCodes.Status404NotFound, DomainErrorCodes.UserNotFound, "The user was not found.");
}
