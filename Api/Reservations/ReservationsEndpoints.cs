using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Auth;
using System.Text.Json;
using Ticketing.Api.Http;
using Ticketing.Api.Idempotency;
using Ticketing.Common;
using Ticketing.Reservations;

namespace Ticketing.Api.Reservations;

public static class ReservationsEndpoints
{
    private const int MaxSeatIdsInRequest = 100;

    public static IEndpointRouteBuilder MapReservationsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var reservations = endpoints.MapGroup("/reservations").WithTags("Reservations").RequireAuthorization(Policies.Customer);
        reservations.MapPost("/", CreateAsync).WithName("CreateReservation").RequireRateLimiting(RateLimitPolicies.Holds)
            .WithSummary("Hold seats (optional Idempotency-Key: a retry replays the first answer)")
            .Produces<ReservationResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithMetadata(RepeatableOnSiloLoss.Instance, HonoursIdempotencyKey.Instance);
        reservations.MapGet("/{id}", GetAsync);
        reservations.MapPost("/{id}/extend", ExtendAsync);
        reservations.MapDelete("/{id}", CancelAsync);
        reservations.MapGet("/user/{userId}", ListAsync);
        return endpoints;
    }

    public const string CreateEndpoint = "reservations.create";

    private static async Task<IResult> CreateAsync(
        CreateReservationRequest? request, ClaimsPrincipal user, IClusterClient client, IdempotencyRunner idempotency, HttpContext http)
    {
        if (request is null)
        {
            return ApiProblems.Validation("body", "A JSON body is required.");
        }

        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(request.EventId))
        {
            errors["eventId"] = ["eventId is required."];
        }

        if (request.SeatIds is { Count: > MaxSeatIdsInRequest })
        {
            errors["seatIds"] = [$"At most {MaxSeatIdsInRequest} seat ids per request."];
        }
        else if (request.SeatIds?.Any(s => s is null) == true)
        {
            errors["seatIds"] = ["Seat ids must not be null."];
        }

        string? key = null;
        if (http.Request.Headers.TryGetValue(IdempotencyKeyHeader.Name, out var keys))
        {
            key = keys.ToString();
            if (keys.Count != 1 || !IdempotencyKeyHeader.IsValid(key))
            {
                errors[IdempotencyKeyHeader.Name] = ["Idempotency-Key must be 1 to 255 printable ASCII characters."];
            }
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        if (!Ids.IsWellFormed(request.EventId))
        {
            return ApiProblems.Create(StatusCodes.Status404NotFound, DomainErrorCodes.EventNotFound, "The event does not exist.");
        }

        var userId = user.GetUserId();
        var command = new CreateReservation(userId, request.EventId!, [.. request.SeatIds ?? []], request.CategoryId, request.Quantity);
        if (key is null)
        {
            // The reservation answers a repeat of the same request under the same id with the first outcome, and a
            // repeat after a half-done first run (seats held, record not stored) takes the same seats again.
            var reservationId = RequestScopedId.For(http, out var minted);
            return Answer(await client.For<IHoldAttemptsGrain>(0).CreateAsync(reservationId, command with { IdIsNew = minted }));
        }

        // SPEC section 7: the first answer (a refusal too) is stored and replayed; the hold is made at most once,
        // under the key's operation id, so a retry after a crash resumes the same reservation.
        var canonical = JsonSerializer.Serialize(new object?[] { command.EventId, command.SeatIds, command.CategoryId, command.Quantity });
        var reply = await idempotency.RunAsync(userId, CreateEndpoint, key, canonical, async (reservationId, idIsNew) =>
        {
            var response = await CapturedResult.CaptureAsync(Answer(await client.For<IHoldAttemptsGrain>(0).CreateAsync(reservationId, command with { IdIsNew = idIsNew })), http);
            return new IdempotencyOutcome(response, Final: response.StatusCode < 500, Resumable: true);
        });
        if (reply.Refusal is { } refusal)
        {
            if (refusal.Code == DomainErrorCodes.IdempotencyInFlight)
            {
                http.Response.Headers.RetryAfter = "1";
            }

            return refusal.ToProblem();
        }

        return CapturedResult.Replay(reply.Response!, reply.Replayed);
    }

    private static IResult Answer(ReservationResult result)
        => result.Reservation is { } reservation
            ? TypedResults.Created($"/reservations/{reservation.Id}", ReservationResponse.From(reservation))
            : result.Error!.ToProblem();

    private static async Task<Results<Ok<ReservationResponse>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, IClusterClient client)
    {
        var reservation = Ids.IsWellFormed(id) ? await client.For<IReservationGrain>(id).GetAsync() : null;
        return reservation is not null && (reservation.UserId == user.GetUserId() || user.IsAdmin())
            ? TypedResults.Ok(ReservationResponse.From(reservation))
            : NotFound();
    }

    private static async Task<Results<Ok<ReservationResponse>, ProblemHttpResult>> ExtendAsync(string id, ExtendReservationRequest? request, ClaimsPrincipal user, IClusterClient client)
    {
        if (!Ids.IsWellFormed(id))
        {
            return NotFound();
        }

        if (request?.Seconds is not { } seconds)
        {
            return ApiProblems.Validation("seconds", "seconds is required.");
        }

        var result = await client.For<IReservationGrain>(id).ExtendAsync(user.GetUserId(), seconds);
        return result.Reservation is { } extended ? TypedResults.Ok(ReservationResponse.From(extended)) : result.Error!.ToProblem();
    }

    private static async Task<Results<Ok<ReservationResponse>, ProblemHttpResult>> CancelAsync(string id, ClaimsPrincipal user, IClusterClient client)
    {
        if (!Ids.IsWellFormed(id))
        {
            return NotFound();
        }

        var result = await client.For<IReservationGrain>(id).CancelAsync(user.GetUserId());
        return result.Reservation is { } cancelled ? TypedResults.Ok(ReservationResponse.From(cancelled)) : result.Error!.ToProblem();
    }

    private static async Task<Results<Ok<PagedResponse<ReservationResponse>>, ProblemHttpResult>> ListAsync(
        string userId, int? page, int? pageSize, ClaimsPrincipal user, IClusterClient client)
    {
        if (userId != user.GetUserId() && !user.IsAdmin())
        {
            return ApiProblems.Forbidden("You may only list your own reservations.");
        }

        if (!PageRequest.TryCreate(page, pageSize, out var paging, out var errors))
        {
            return ApiProblems.Validation(errors);
        }

        var ids = await client.For<IUserReservationsGrain>(userId).GetPageAsync(paging.Skip, paging.PageSize);
        var items = await Task.WhenAll(ids.ReservationIds.Select(id => client.For<IReservationGrain>(id).GetAsync()));
        return TypedResults.Ok(new PagedResponse<ReservationResponse>(
            [.. items.OfType<ReservationSnapshot>().Select(ReservationResponse.From)], paging.Page, paging.PageSize, ids.Total));
    }

    private static ProblemHttpResult NotFound()
        => ApiProblems.Create(StatusCodes.Status404NotFound, DomainErrorCodes.ReservationNotFound, "The reservation does not exist.");
}
