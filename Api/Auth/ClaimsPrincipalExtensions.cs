using System.Security.Claims;

namespace Ticketing.Api.Auth;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The user id from the token's <c>sub</c> claim; endpoints behind a policy always have one.</summary>
    public static string GetUserId(this ClaimsPrincipal user)
        => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue("sub")
           ?? throw new InvalidOperationException("The endpoint must require authorization before reading the user id.");

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin);

    public static bool IsOrganizer(this ClaimsPrincipal user) => user.IsInRole(Roles.Organizer) || user.IsInRole(Roles.Admin);
}
