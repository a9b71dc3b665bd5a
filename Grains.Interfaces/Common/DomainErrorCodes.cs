namespace Ticketing.Common;

/// <summary>
/// The stable <c>code</c> values of domain refusals (SPEC section 9). The API maps each to one HTTP status in
/// <c>Api/Http/DomainErrorMapping.cs</c>; add new codes here and there together.
/// </summary>
public static class DomainErrorCodes
{
    // 400
    public const string ValidationFailed = "validation_failed";
    public const string TooManySeats = "too_many_seats";
    public const string UnknownPaymentMethod = "unknown_payment_method";

    // 402 / 502 / 503
    public const string PaymentDeclined = "payment_declined";

    /// <summary>An asynchronous payment (3-D Secure) the customer did not complete within the payment window.</summary>
    public const string PaymentNotCompleted = "payment_not_completed";

    public const string PaymentProviderError = "payment_provider_error";

    /// <summary>
    /// The booking's outcome is not known yet (the provider could not say whether it charged): it resumes by itself, and
    /// a retry with the same Idempotency-Key resumes it at once. Not a failure: nothing is decided, nothing is lost.
    /// </summary>
    public const string BookingInProgress = "booking_in_progress";

    // 403
    public const string Forbidden = "forbidden";

    // 404
    public const string EventNotFound = "event_not_found";
    public const string SeatNotFound = "seat_not_found";
    public const string ReservationNotFound = "reservation_not_found";
    public const string BookingNotFound = "booking_not_found";
    public const string UserNotFound = "user_not_found";

    // 409
    public const string SeatUnavailable = "seat_unavailable";
    public const string SoldOut = "sold_out";
    public const string EventNotOnSale = "event_not_on_sale";
    public const string InvalidEventState = "invalid_event_state";
    public const string ReservationNotActive = "reservation_not_active";
    public const string HoldLimitReached = "hold_limit_reached";
    public const string EmailTaken = "email_taken";
    public const string BookingNotCancellable = "booking_not_cancellable";
    public const string IdempotencyInFlight = "idempotency_in_flight";

    // 410
    public const string ReservationExpired = "reservation_expired";

    // 422
    public const string IdempotencyKeyReused = "idempotency_key_reused";
}
