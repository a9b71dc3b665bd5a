namespace Ticketing.Api.Auth;

/// <summary>
/// Headers every response carries. The API's own responses forbid framing and every content source; the Scalar UI
/// and the Orleans dashboard run their own scripts, so they only forbid framing. Answers to signed-in requests and
/// to the sign-in endpoints (which return tokens) must not be cached.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    private const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";
    private const string UiPolicy = "frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            var path = http.Request.Path;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = path.StartsWithSegments("/scalar") || path.StartsWithSegments("/dashboard") ? UiPolicy : ApiPolicy;
            if (http.User.Identity?.IsAuthenticated == true || http.Request.Headers.Authorization.Count > 0 || path.StartsWithSegments("/auth"))
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
