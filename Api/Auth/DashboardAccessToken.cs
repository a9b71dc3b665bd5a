namespace Ticketing.Api.Auth;

/// <summary>
/// How a browser signs in to the admin-only dashboard outside embedded mode. A browser cannot send a Bearer header
/// with a page load, so an operator opens <c>/dashboard/?access_token=&lt;admin token from /auth/login&gt;</c> once; the
/// token then travels in an HttpOnly, SameSite=Strict cookie scoped to <c>/dashboard</c> (the dashboard's own requests
/// carry no query string). Only dashboard paths accept either; everything else still needs the Authorization header,
/// and request logs record paths, never query strings.
/// </summary>
public static class DashboardAccessToken
{
    public const string PathPrefix = "/dashboard";
    public const string QueryName = "access_token";
    public const string CookieName = "ticketing_dashboard";

    /// <summary>The token a dashboard request brings in its query or cookie; null elsewhere or when it brings none.</summary>
    public static string? From(HttpRequest request)
    {
        if (!request.Path.StartsWithSegments(PathPrefix) || request.Headers.Authorization.Count > 0)
        {
            return null;
        }

        var fromQuery = request.Query[QueryName].ToString();
        if (!string.IsNullOrEmpty(fromQuery))
        {
            return fromQuery;
        }

        return request.Cookies.TryGetValue(CookieName, out var fromCookie) && !string.IsNullOrEmpty(fromCookie) ? fromCookie : null;
    }

    /// <summary>After a token from the query validated: keep it in the cookie until it expires.</summary>
    public static void RememberIfFromQuery(HttpContext context, string token, DateTimeOffset expiresAt)
    {
        if (context.Request.Query[QueryName].ToString() != token)
        {
            return;
        }

        context.Response.Cookies.Append(CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = PathPrefix,
            Expires = expiresAt,
        });
    }
}
