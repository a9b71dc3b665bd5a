using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Ticketing.Api.Http;

/// <summary>
/// Builds RFC 9457 problem responses that always carry a stable <c>code</c>. Every endpoint maps its domain
/// outcomes to HTTP through here, so clients see one shape for every error.
/// </summary>
public static class ApiProblems
{
    public static ProblemHttpResult Create(int status, string code, string title, string? detail = null, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = TypeFor(code),
        };
        problem.Extensions["code"] = code;
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                problem.Extensions[key] = value;
            }
        }

        return TypedResults.Problem(problem);
    }

    /// <summary>400 <c>validation_failed</c> listing every field error at once.</summary>
    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors, string? detail = null)
        => Create(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, "The request is not valid.", detail ?? "See 'errors' for every problem found.",
            new Dictionary<string, object?> { ["errors"] = errors });

    public static ProblemHttpResult Validation(string field, string message)
        => Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult NotFound(string what)
        => Create(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"{what} was not found.");

    public static ProblemHttpResult Forbidden(string? detail = null)
        => Create(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "You may not do this.", detail);

    /// <summary>A documentation link per code; the anchor names the code so clients can look it up.</summary>
    public static string TypeFor(string code) => $"https://ticketing.dev/problems/{code}";
}
