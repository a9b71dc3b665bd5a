using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Ticketing.Api.Http;

namespace Ticketing.Api.Extensions;

public static class ProblemDetailsExtensions
{
    /// <summary>The <see cref="HttpContext.Items"/> key of a replayed answer's first trace id.</summary>
    public const string ReplayedTraceIdItem = "ticketing.replayedTraceId";

    /// <summary>
    /// Every error becomes application/problem+json with a <c>code</c>: endpoint results, framework errors
    /// (404, 405, 415, malformed JSON) and unhandled exceptions (no stack traces leave the process).
    /// </summary>
    public static IServiceCollection AddTicketingProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            var problem = ctx.ProblemDetails;
            // A replayed answer (SPEC section 7) carries the trace id of the request that first got it.
            problem.Extensions["traceId"] = ctx.HttpContext.Items[ReplayedTraceIdItem] as string ?? ctx.HttpContext.TraceIdentifier;
            if (!problem.Extensions.ContainsKey("code"))
            {
                var code = CodeFor(problem.Status ?? ctx.HttpContext.Response.StatusCode, ctx.Exception);
                problem.Extensions["code"] = code;
                problem.Type = ApiProblems.TypeFor(code);
            }

            if (ctx.Exception is BadHttpRequestException bad)
            {
                problem.Title = "The request could not be read.";
                problem.Detail = bad.InnerException is JsonException ? "The body is not valid JSON for this endpoint." : bad.Message;
            }
            else if (problem.Status >= 500)
            {
                problem.Detail = null;
            }
        });
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<UnavailableExceptionHandler>();
        // Enums travel by name only: a number would bind to any integer, defined or not (e.g. a latePaymentPolicy
        // of 7), and be stored; refusing it makes such a body a 400 like any other unreadable value.
        services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false)));
        return services;
    }

    public static WebApplication UseTicketingProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    private static string CodeFor(int status, Exception? exception) => status switch
    {
        400 when exception is BadHttpRequestException => ErrorCodes.MalformedRequest,
        400 => ErrorCodes.ValidationFailed,
        401 => ErrorCodes.Unauthorized,
        403 => ErrorCodes.Forbidden,
        404 => ErrorCodes.NotFound,
        405 => ErrorCodes.MethodNotAllowed,
        413 => ErrorCodes.PayloadTooLarge,
        415 => ErrorCodes.UnsupportedMediaType,
        429 => ErrorCodes.RateLimited,
        503 => ErrorCodes.ServiceUnavailable,
        _ when status >= 500 => ErrorCodes.InternalError,
        _ => "error",
    };

    /// <summary>
    /// Malformed bodies surface as <see cref="BadHttpRequestException"/>; answer them with their own status
    /// (400, 413) instead of letting the generic handler turn them into 500.
    /// </summary>
    private sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not BadHttpRequestException bad)
            {
                return false;
            }

            httpContext.Response.StatusCode = bad.StatusCode;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                Exception = exception,
                ProblemDetails = { Status = bad.StatusCode },
            });
        }
    }
}
