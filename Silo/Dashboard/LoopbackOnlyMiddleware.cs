using System.Net;

namespace Ticketing.Silo.Dashboard;

/// <summary>
/// A silo's own dashboard answers only callers on the same machine. A silo has no sign-in of its own (tokens are the
/// Api's business), and the dashboard shows and can act on the whole cluster, so elsewhere it is refused with a
/// problem response; operators open the Api's <c>/dashboard/</c>, which requires the admin role, or tunnel to the silo.
/// </summary>
public sealed class LoopbackOnlyMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (IsLocal(context.Connection.RemoteIpAddress))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "The silo dashboard is only served to this machine.",
            detail: "Open the Api's /dashboard/ (admin role) instead.",
            extensions: new Dictionary<string, object?> { ["code"] = "forbidden" }).ExecuteAsync(context);
    }

    public static bool IsLocal(IPAddress? address) => address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
