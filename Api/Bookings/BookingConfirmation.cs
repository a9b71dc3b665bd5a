using Ticketing.Api.Extensions;
using Ticketing.Api.Http;
using Ticketing.Bookings;
using Ticketing.Common;
using Ticketing.Idempotency;

namespace Ticketing.Api.Bookings;

/// <summary>
/// <c>POST /bookings/confirm</c>: validates everything that needs no grain write (key, body, payment method), then
/// runs the booking saga under the Idempotency-Key in the booking the key names (<see cref="ConfirmationRunner"/>).
/// </summary>
public sealed partial class BookingConfirmation(IGrainFactory grains, ConfirmationRunner confirmations, ILogger<BookingConfirmation> logger)
{
    public const string Endpoint = "bookings.confirm";
    public const int MaxTokenLength = 512;

    public async Task<IResult> HandleAsync(string userId, ConfirmBookingRequest? request, string? key, HttpContext context)
    {
        if (string.IsNullOrEmpty(key))
        {
            return ApiProblems.Validation(IdempotencyKey.HeaderName, "The Idempotency-Key header is required on this endpoint.");
        }

        if (!IdempotencyKey.IsValid(key))
        {
            return ApiProblems.Validation(IdempotencyKey.HeaderName, $"The Idempotency-Key must be 1 to {IdempotencyKey.MaxLength} printable ASCII characters.");
        }

        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            return ApiProblems.Validation("body", "A JSON body {reservationId, paymentMethod, paymentToken} is required.");
        }

        if (string.IsNullOrWhiteSpace(request.ReservationId))
        {
            errors["reservationId"] = ["reservationId is required."];
        }

        if (string.IsNullOrWhiteSpace(request.PaymentMethod))
        {
            errors["paymentMethod"] = ["paymentMethod is required."];
        }

        if (string.IsNullOrWhiteSpace(request.PaymentToken))
        {
            errors["paymentToken"] = ["paymentToken is required."];
        }
        else if (request.PaymentToken.Length > MaxTokenLength)
        {
            errors["paymentToken"] = [$"paymentToken must be at most {MaxTokenLength} characters."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        if (!Ids.IsWellFormed(request.ReservationId))
        {
            return new DomainError(DomainErrorCodes.ReservationNotFound, "The reservation was not found.").ToProblem();
        }

        // Before anything is created, not even an idempotency record.
        var methods = await grains.For<IPaymentMethodsGrain>(0).GetNamesAsync();
        if (!methods.Contains(request.PaymentMethod!, StringComparer.Ordinal))
        {
            return new DomainError(DomainErrorCodes.UnknownPaymentMethod,
                $"Unknown payment method '{request.PaymentMethod}'. Known: {string.Join(", ", methods)}.").ToProblem();
        }

        var command = new ConfirmBooking(userId, request.ReservationId!, request.PaymentMethod!, request.PaymentToken!);
        BookingResult result;
        try
        {
            result = await confirmations.RunAsync(key, command, context.TraceIdentifier);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested && !SiloLossRetryMiddleware.IsSiloLoss(ex))
        {
            // (A silo loss goes on to SiloLossRetryMiddleware, which runs the request again with its key.)
            // The saga's stored phase survives and no answer was recorded, so the retry continues it.
            LogConfirmInterrupted(ex, userId, request.ReservationId!);
            context.Response.Headers.RetryAfter = "1";
            return ApiProblems.Create(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ServiceUnavailable,
                "The booking could not be completed right now.", "Retry with the same Idempotency-Key: the booking resumes where it stopped and is never charged twice.");
        }

        if (result.Error?.Code == DomainErrorCodes.IdempotencyInFlight)
        {
            context.Response.Headers.RetryAfter = "1";
        }

        var answer = BookingResults.ForConfirm(result);
        return result.Replayed ? new ReplayedResult(answer, result.AnsweredTraceId) : answer;
    }

    /// <summary>A repeat's answer: the first answer, with the first request's trace id, marked <c>Idempotent-Replayed: true</c>.</summary>
    private sealed record ReplayedResult(IResult Inner, string? FirstTraceId) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => (Inner as IStatusCodeHttpResult)?.StatusCode;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[IdempotencyKey.ReplayedHeaderName] = "true";
            if (FirstTraceId is not null)
            {
                httpContext.Items[ProblemDetailsExtensions.ReplayedTraceIdItem] = FirstTraceId;
            }

            return Inner.ExecuteAsync(httpContext);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Confirming reservation {ReservationId} for user {UserId} was interrupted; a retry resumes it")]
    private partial void LogConfirmInterrupted(Exception exception, string userId, string reservationId);
}
