using Microsoft.Extensions.Options;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Ticketing.Api.Auth;
using Ticketing.Api.Http;
using Ticketing.Bookings;
using Ticketing.Common;
using Ticketing.Events;
using Ticketing.Idempotency;

namespace Ticketing.Api.Bookings;

/// <summary>Bookings (SPEC section 9), ticket checks at the door, and an event's cancellation refunds.</summary>
public static class BookingEndpoints
{
    public static IServiceCollection AddBookingsApi(this IServiceCollection services, IConfiguration configuration)
    {
        // How long a request repeating one still running waits for its answer before 409 idempotency_in_flight.
        var inFlightWait = configuration.GetValue("Ticketing:Idempotency:InFlightWaitSeconds", 10);
        if (inFlightWait is < 0 or > 60)
        {
            throw new OptionsValidationException("Ticketing:Idempotency", typeof(Idempotency.IdempotencyRunner),
                ["Ticketing:Idempotency:InFlightWaitSeconds must be 0 to 60."]);
        }

        services.AddSingleton(sp => new Idempotency.IdempotencyRunner(sp.GetRequiredService<IGrainFactory>(), TimeSpan.FromSeconds(inFlightWait)));
        services.AddSingleton(sp => new ConfirmationRunner(sp.GetRequiredService<IGrainFactory>(), TimeSpan.FromSeconds(inFlightWait)));
        services.AddSingleton<BookingConfirmation>();
        return services;
    }

    public static IEndpointRouteBuilder MapBookingEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var bookings = endpoints.MapGroup("/bookings").WithTags("Bookings").RequireAuthorization(Policies.Customer);
        bookings.MapPost("/confirm", ConfirmAsync)
            .RequireRateLimiting(RateLimitPolicies.Confirmations)
            .WithMetadata(HonoursIdempotencyKey.Instance)
            .WithSummary("Confirm a reservation: pay and book (Idempotency-Key required)")
            .Produces<BookingResponse>(StatusCodes.Status201Created)
            .Produces<BookingResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status402PaymentRequired)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        bookings.MapGet("/{id}", GetAsync).WithSummary("One booking (owner or admin)");
        bookings.MapGet("/reference/{reference}", GetByReferenceAsync).WithSummary("One booking by its reference (owner or admin)");
        bookings.MapGet("/user/{userId}", ListForUserAsync).WithSummary("A user's bookings, newest first (that user or admin)");
        bookings.MapPost("/{id}/cancel", CancelAsync).WithSummary("Cancel and refund (owner before the cut-off, the event's organizer, admin)");

        endpoints.MapPost("/tickets/verify", VerifyTicketAsync).WithTags("Tickets").RequireAuthorization(Policies.Organizer)
            .WithSummary("Check a ticket code at the door (organizer of the event, admin)");

        var refunds = endpoints.MapGroup("/events/{id}/refunds").WithTags("Bookings").RequireAuthorization(Policies.Organizer);
        refunds.MapGet("", GetRefundProgressAsync).WithSummary("Progress of a cancelled event's refunds");
        refunds.MapPost("", StartRefundsAsync).WithSummary("Refund every booking of a cancelled event (resumable)");
        return endpoints;
    }

    private static Task<IResult> ConfirmAsync(
        ConfirmBookingRequest? request,
        [FromHeader(Name = IdempotencyKey.HeaderName)] string? idempotencyKey,
        ClaimsPrincipal user,
        HttpContext context,
        BookingConfirmation confirmation)
        => confirmation.HandleAsync(user.GetUserId(), request, idempotencyKey, context);

    private static async Task<IResult> GetAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        var booking = Ids.IsWellFormed(id) ? await grains.For<IBookingGrain>(id).GetAsync() : null;
        return Visible(booking, user) ? TypedResults.Ok(BookingResponse.From(booking!)) : BookingNotFound();
    }

    private static async Task<IResult> GetByReferenceAsync(string reference, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!BookingReference.IsWellFormed(reference))
        {
            return BookingNotFound();
        }

        var normalized = BookingReference.Normalize(reference);
        var bookingId = await grains.For<IBookingReferenceGrain>(normalized).GetBookingIdAsync();
        var booking = bookingId is null ? null : await grains.For<IBookingGrain>(bookingId).GetAsync();
        return Visible(booking, user) && booking!.Reference == normalized ? TypedResults.Ok(BookingResponse.From(booking)) : BookingNotFound();
    }

    private static async Task<IResult> ListForUserAsync(string userId, int? page, int? pageSize, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (userId != user.GetUserId() && !user.IsAdmin())
        {
            return ApiProblems.Forbidden("Only that user or an admin may list a user's bookings.");
        }

        if (!PageRequest.TryCreate(page, pageSize, out var paging, out var errors))
        {
            return ApiProblems.Validation(errors);
        }

        var index = await grains.For<IUserBookingsGrain>(userId).GetPageAsync(paging.Skip, paging.PageSize);
        var snapshots = await Task.WhenAll(index.BookingIds.Select(id => grains.For<IBookingGrain>(id).GetAsync()));
        var items = snapshots.OfType<BookingSnapshot>().Select(BookingResponse.From).ToList();
        return TypedResults.Ok(new PagedResponse<BookingResponse>(items, paging.Page, paging.PageSize, index.Total));
    }

    private static async Task<IResult> CancelAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!Ids.IsWellFormed(id))
        {
            return BookingNotFound();
        }

        var result = await grains.For<IBookingGrain>(id).CancelAsync(new BookingActor(user.GetUserId(), user.IsAdmin()));
        return BookingResults.ForCommand(result);
    }

    private static async Task<IResult> VerifyTicketAsync(VerifyTicketRequest? request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(request?.Code) || request.Code.Length > 512)
        {
            return ApiProblems.Validation("code", "code is required (at most 512 characters).");
        }

        var invalid = new TicketVerificationResponse(false, null, null, null, null, "The code is not a genuine ticket.");
        if (!TicketCodes.TryReadBookingId(request.Code, out var bookingId))
        {
            return TypedResults.Ok(invalid);
        }

        var verification = await grains.For<IBookingGrain>(bookingId).VerifyTicketAsync(request.Code);
        if (verification.EventId is { } eventId && !user.IsAdmin())
        {
            // Door staff of one organizer learn nothing about other organizers' tickets.
            var terms = await grains.For<ISaleTermsCacheGrain>(eventId).GetAsync();
            if (terms?.OrganizerId != user.GetUserId())
            {
                return TypedResults.Ok(invalid with { Reason = "The ticket is not for one of your events." });
            }
        }

        return TypedResults.Ok(new TicketVerificationResponse(
            verification.Valid, verification.BookingId, verification.Reference, verification.EventId, verification.SeatId, verification.Reason));
    }

    private static async Task<IResult> GetRefundProgressAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (await ManagedEventAsync(id, user, grains) is { } refusal)
        {
            return refusal;
        }

        return TypedResults.Ok(ToResponse(await grains.For<IEventBookingsGrain>(id).GetRefundProgressAsync()));
    }

    private static async Task<IResult> StartRefundsAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (await ManagedEventAsync(id, user, grains, mustBeCancelled: true) is { } refusal)
        {
            return refusal;
        }

        var progress = await grains.For<IEventBookingsGrain>(id).RefundAllAsync();
        return TypedResults.Accepted($"/events/{id}/refunds", ToResponse(progress));
    }

    /// <summary>Null if the caller manages this event (its organizer or an admin), else the refusal.</summary>
    private static async Task<IResult?> ManagedEventAsync(string id, ClaimsPrincipal user, IGrainFactory grains, bool mustBeCancelled = false)
    {
        var ev = Ids.IsWellFormed(id) ? await grains.For<IEventGrain>(id).GetAsync() : null;
        if (ev is null)
        {
            return new DomainError(DomainErrorCodes.EventNotFound, "The event was not found.").ToProblem();
        }

        if (ev.OrganizerId != user.GetUserId() && !user.IsAdmin())
        {
            // As for event management: someone else's draft does not exist for them; a published event does.
            return ev.Status == EventStatus.Draft
                ? new DomainError(DomainErrorCodes.EventNotFound, "The event was not found.").ToProblem()
                : ApiProblems.Forbidden("Only the event's organizer or an admin may manage its refunds.");
        }

        if (mustBeCancelled && ev.Status != EventStatus.Cancelled)
        {
            return new DomainError(DomainErrorCodes.InvalidEventState, "Refunds of every booking run only for a cancelled event.").ToProblem();
        }

        return null;
    }

    private static EventRefundProgressResponse ToResponse(EventRefundProgress p) => new(p.EventId, p.Started, p.Completed, p.Total, p.Refunded, p.Failed);

    private static bool Visible(BookingSnapshot? booking, ClaimsPrincipal user)
        => booking is not null && (booking.UserId == user.GetUserId() || user.IsAdmin());

    private static IResult BookingNotFound() => new DomainError(DomainErrorCodes.BookingNotFound, "The booking was not found.").ToProblem();
}
