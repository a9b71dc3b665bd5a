using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ticketing.Api.Auth;
using Ticketing.Api.Http;
using Ticketing.Common;
using Ticketing.Events;
using Ticketing.Seats;

namespace Ticketing.Api.Events;

public static class EventsEndpoints
{
    public static IServiceCollection AddEventsApi(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        return services.AddSingleton<SeatMapCache>();
    }

    public static IEndpointRouteBuilder MapEventsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var events = endpoints.MapGroup("/events").WithTags("Events");
        events.MapPost("/", CreateAsync).RequireAuthorization(Policies.Organizer).WithName("CreateEvent");
        events.MapPut("/{id}", UpdateAsync).RequireAuthorization(Policies.Organizer);
        events.MapPost("/{id}/publish", (string id, ClaimsPrincipal user, IClusterClient client) =>
            ChangeAsync(id, user, client, (g, actor, admin) => g.PublishAsync(actor, admin)))
            .RequireAuthorization(Policies.Organizer);
        events.MapPost("/{id}/close", (string id, ClaimsPrincipal user, IClusterClient client) =>
            ChangeAsync(id, user, client, (g, actor, admin) => g.CloseAsync(actor, admin)))
            .RequireAuthorization(Policies.Organizer);
        events.MapPost("/{id}/cancel", (string id, ClaimsPrincipal user, IClusterClient client) =>
            ChangeAsync(id, user, client, (g, actor, admin) => g.CancelAsync(actor, admin)))
            .RequireAuthorization(Policies.Organizer);
        events.MapGet("/", SearchAsync);
        events.MapGet("/{id}", GetAsync);
        events.MapGet("/{id}/seats", GetSeatsAsync)
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<Results<Created<EventResponse>, ProblemHttpResult>> CreateAsync(EventRequest? request, ClaimsPrincipal user, IClusterClient client, TimeProvider time)
    {
        if (request is null)
        {
            return ApiProblems.Validation("body", "A JSON body is required.");
        }

        var (definition, errors) = request.ToDefinition(time.GetUtcNow());
        if (definition is null)
        {
            return ApiProblems.Validation(errors);
        }

        var id = Ids.New();
        var result = await client.For<IEventGrain>(id).CreateAsync(user.GetUserId(), definition);
        return result.Event is { } created
            ? TypedResults.Created($"/events/{id}", EventResponse.From(created))
            : result.Error!.ToProblem();
    }

    private static async Task<Results<Ok<EventResponse>, ProblemHttpResult>> UpdateAsync(string id, EventRequest? request, ClaimsPrincipal user, IClusterClient client, TimeProvider time)
    {
        if (!Ids.IsWellFormed(id))
        {
            return EventNotFound();
        }

        if (request is null)
        {
            return ApiProblems.Validation("body", "A JSON body is required.");
        }

        var (definition, errors) = request.ToDefinition(time.GetUtcNow());
        if (definition is null)
        {
            return ApiProblems.Validation(errors);
        }

        var result = await client.For<IEventGrain>(id).UpdateAsync(user.GetUserId(), user.IsAdmin(), definition);
        return result.Event is { } updated ? TypedResults.Ok(EventResponse.From(updated)) : result.Error!.ToProblem();
    }

    private static async Task<Results<Ok<EventResponse>, ProblemHttpResult>> ChangeAsync(
        string id, ClaimsPrincipal user, IClusterClient client, Func<IEventGrain, string, bool, Task<EventResult>> change)
    {
        if (!Ids.IsWellFormed(id))
        {
            return EventNotFound();
        }

        var result = await change(client.For<IEventGrain>(id), user.GetUserId(), user.IsAdmin());
        return result.Event is { } changed ? TypedResults.Ok(EventResponse.From(changed)) : result.Error!.ToProblem();
    }

    private static async Task<Results<Ok<PagedResponse<EventSummaryResponse>>, ProblemHttpResult>> SearchAsync(
        string? q, string? city, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, IClusterClient client)
    {
        if (!PageRequest.TryCreate(page, pageSize, out var paging, out var errors))
        {
            return ApiProblems.Validation(errors);
        }

        if (q is { Length: > 200 })
        {
            errors["q"] = ["q must be at most 200 characters."];
        }

        if (city is { Length: > 200 })
        {
            errors["city"] = ["city must be at most 200 characters."];
        }

        if (from > to)
        {
            errors["from"] = ["from must not be after to."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var query = new EventSearchQuery(string.IsNullOrWhiteSpace(q) ? null : q.Trim(), string.IsNullOrWhiteSpace(city) ? null : city.Trim(), from, to, paging.Skip, paging.PageSize);
        var found = await client.For<IEventCatalogGrain>(0).SearchAsync(query);
        return TypedResults.Ok(new PagedResponse<EventSummaryResponse>([.. found.Items.Select(EventSummaryResponse.From)], paging.Page, paging.PageSize, found.Total));
    }

    private static async Task<Results<Ok<EventResponse>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, IClusterClient client, SeatMapCache maps, CancellationToken cancellationToken)
    {
        var snapshot = await VisibleEventAsync(id, user, client);
        if (snapshot is null)
        {
            return EventNotFound();
        }

        // Counts come from the seat map the API keeps anyway (at most half a second old), not from a grain call
        // that would ship every seat's status to count them.
        var map = await maps.GetAsync(id, cancellationToken);
        return TypedResults.Ok(EventResponse.From(snapshot, map?.Categories ?? []));
    }

    private static async Task<IResult> GetSeatsAsync(string id, ClaimsPrincipal user, SeatMapCache maps, HttpContext http)
    {
        var map = Ids.IsWellFormed(id) ? await maps.GetAsync(id, http.RequestAborted) : null;
        if (map is null || !MayView(map.Status, map.OrganizerId, user))
        {
            return EventNotFound();
        }

        var headers = http.Response.Headers;
        headers.ETag = map.ETag;
        headers.CacheControl = "no-cache";
        headers.Vary = "Accept-Encoding";
        if (map.MatchesAny(http.Request.Headers.IfNoneMatch))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        if (http.Request.GetTypedHeaders().AcceptEncoding.Any(e => e.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) && (e.Quality ?? 1) > 0))
        {
            headers.ContentEncoding = "gzip";
            return TypedResults.Bytes(map.Gzip, "application/json");
        }

        return TypedResults.Bytes(map.Json, "application/json");
    }

    private static ProblemHttpResult EventNotFound()
        => ApiProblems.Create(StatusCodes.Status404NotFound, DomainErrorCodes.EventNotFound, "The event does not exist.");

    /// <summary>Drafts belong to their organizer (and admins); everything else is public.</summary>
    private static bool MayView(EventStatus status, string organizerId, ClaimsPrincipal user)
        => status != EventStatus.Draft || user.IsAdmin() || (user.Identity?.IsAuthenticated == true && user.GetUserId() == organizerId);

    /// <summary>The event, unless it does not exist or is a draft the caller may not see (drafts belong to their organizer).</summary>
    private static async Task<EventSnapshot?> VisibleEventAsync(string id, ClaimsPrincipal user, IClusterClient client)
    {
        if (!Ids.IsWellFormed(id))
        {
            return null;
        }

        var snapshot = await client.For<IEventGrain>(id).GetAsync();
        if (snapshot is null)
        {
            return null;
        }

        return MayView(snapshot.Status, snapshot.OrganizerId, user) ? snapshot : null;
    }
}
