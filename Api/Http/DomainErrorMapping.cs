using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Common;

namespace Ticketing.Api.Http;

/// <summary>The one place where domain refusal codes become HTTP statuses (brief: status mapping).</summary>
public static class DomainErrorMapping
{
    public static int StatusFor(string code) => code switch
    {
        DomainErrorCodes.ValidationFailed or DomainErrorCodes.TooManySeats or DomainErrorCodes.UnknownPaymentMethod => StatusCodes.Status400BadRequest,
        DomainErrorCodes.PaymentDeclined or DomainErrorCodes.PaymentNotCompleted => StatusCodes.Status402PaymentRequired,
        DomainErrorCodes.Forbidden => StatusCodes.Status403Forbidden,
        DomainErrorCodes.SeatUnavailable or DomainErrorCodes.SoldOut or DomainErrorCodes.EventNotOnSale or DomainErrorCodes.InvalidEventState
            or DomainErrorCodes.ReservationNotActive or DomainErrorCodes.HoldLimitReached or DomainErrorCodes.EmailTaken
            or DomainErrorCodes.BookingNotCancellable or DomainErrorCodes.IdempotencyInFlight => StatusCodes.Status409Conflict,
        DomainErrorCodes.ReservationExpired => StatusCodes.Status410Gone,
        DomainErrorCodes.IdempotencyKeyReused => StatusCodes.Status422UnprocessableEntity,
        DomainErrorCodes.PaymentProviderError => StatusCodes.Status502BadGateway,
        DomainErrorCodes.BookingInProgress => StatusCodes.Status503ServiceUnavailable,
        _ when code.EndsWith("_not_found", StringComparison.Ordinal) => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status409Conflict,
    };

    /// <summary>The problem response for a refusal, with <c>unavailableSeatIds</c> and <c>errors</c> when present.</summary>
    public static ProblemHttpResult ToProblem(this DomainError error, IDictionary<string, object?>? extensions = null)
    {
        var all = extensions is null ? new Dictionary<string, object?>() : new Dictionary<string, object?>(extensions);
        if (!error.UnavailableSeatIds.IsDefaultOrEmpty)
        {
            all["unavailableSeatIds"] = error.UnavailableSeatIds;
        }

        if (error.FieldErrors is { Count: > 0 } fieldErrors)
        {
            all["errors"] = fieldErrors;
        }

        return ApiProblems.Create(StatusFor(error.Code), error.Code, TitleFor(error.Code), error.Message, all);
    }

    private static string TitleFor(string code) => code switch
    {
        DomainErrorCodes.PaymentDeclined => "The payment was declined.",
        DomainErrorCodes.PaymentNotCompleted => "The payment was not completed in time.",
        DomainErrorCodes.PaymentProviderError => "The payment provider failed.",
        DomainErrorCodes.BookingInProgress => "The booking is still being completed.",
        DomainErrorCodes.ReservationExpired => "The reservation has expired.",
        DomainErrorCodes.ReservationNotActive => "The reservation cannot be confirmed.",
        DomainErrorCodes.IdempotencyKeyReused => "The Idempotency-Key was used with a different request.",
        DomainErrorCodes.IdempotencyInFlight => "A request with this Idempotency-Key is still running.",
        DomainErrorCodes.UnknownPaymentMethod => "Unknown payment method.",
        DomainErrorCodes.BookingNotCancellable => "The booking cannot be cancelled.",
        DomainErrorCodes.ValidationFailed => "The request is not valid.",
        _ when code.EndsWith("_not_found", StringComparison.Ordinal) => "Not found.",
        _ => "The request cannot be completed.",
    };
}
