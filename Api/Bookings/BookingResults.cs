using Ticketing.Api.Http;
using Ticketing.Bookings;

namespace Ticketing.Api.Bookings;

/// <summary>How booking outcomes read over HTTP: 201 Confirmed, 202 PendingPayment, 200 otherwise, problems for refusals.</summary>
public static class BookingResults
{
    public static IResult ForConfirm(BookingResult result)
    {
        if (result.Error is { } error)
        {
            return error.ToProblem(result.Booking is { } failed ? new Dictionary<string, object?> { ["bookingId"] = failed.Id } : null);
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
        => result.Error is { } error
            ? error.ToProblem(result.Booking is { } b ? new Dictionary<string, object?> { ["bookingId"] = b.Id } : null)
            : TypedResults.Ok(BookingResponse.From(result.Booking!));
}
