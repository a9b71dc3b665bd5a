using Ticketing.Api.Http;
using Ticketing.Bookings;
using Ticketing.Common;

namespace Ticketing.Api.Bookings;

/// <summary>How booking outcomes read over HTTP: 201 Confirmed, 202 PendingPayment, 200 otherwise, problems for refusals.</summary>
public static class BookingResults
{
    public static IResult ForConfirm(BookingResult result)
    {
        if (result.Error is { } error)
        {
            return Problem(error, result.Booking);
        }

        var booking = result.Booking!;
        var body = BookingResponse.From(booking);
        return booking.Status switch
        {
            BookingStatus.Confirmed => TypedResults.Created($"/bookings/{booking.Id}", body),
            BookingStatus.PendingPayment => TypedResults.Accepted($"/bookings/{booking.Id}", body),
            _ => TypedResults.Ok(body),
        };
    }

    public static IResult ForCommand(BookingResult result)
        => result.Error is { } error ? Problem(error, result.Booking) : TypedResults.Ok(BookingResponse.From(result.Booking!));

    /// <summary>A refusal naming its booking; one still in progress also says when to ask again.</summary>
    private static IResult Problem(DomainError error, BookingSnapshot? booking)
    {
        var problem = error.ToProblem(booking is { } b ? new Dictionary<string, object?> { ["bookingId"] = b.Id } : null);
        return error.Code == DomainErrorCodes.BookingInProgress ? new WithRetryAfter(problem, Seconds: 1) : problem;
    }

    private sealed record WithRetryAfter(IResult Inner, int Seconds) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => (Inner as IStatusCodeHttpResult)?.StatusCode;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Inner.ExecuteAsync(httpContext);
        }
    }
}
