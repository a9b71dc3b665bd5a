namespace Ticketing.Bookings;

/// <summary>
/// The command of <c>POST /bookings/confirm</c>, run by the booking grain.
/// <see cref="BookingIdIsNew"/>: the caller made the booking id for this very call (not a takeover or repeat), so the
/// grain need not read its state first.
/// <see cref="RequestFingerprint"/>: the request is idempotent under a key whose booking this is (see
/// <see cref="ConfirmationKey"/>): the booking keeps the fingerprint and its first final answer, refuses another body
/// with <c>idempotency_key_reused</c> and replays the answer to every repeat. <see cref="RequestToken"/> names this
/// request while it runs (<see cref="IBookingGrain.IsRunningAsync"/>); a request that would start after
/// <see cref="StartBy"/> (real time) runs nothing, since its caller has stopped waiting; <see cref="Attempt"/> counts the key's
/// fresh attempts after provider errors; <see cref="RequestTraceId"/> is the request's trace id, which a replayed
/// refusal shows again (<see cref="BookingResult.AnsweredTraceId"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("ticketing.ConfirmBooking")]
public sealed record ConfirmBooking(
    [property: Id(0)] string UserId,
    [property: Id(1)] string ReservationId,
    [property: Id(2)] string PaymentMethod,
    [property: Id(3)] string PaymentToken,
    [property: Id(4)] bool BookingIdIsNew = false,
    [property: Id(5)] string? RequestFingerprint = null,
    [property: Id(6)] string? RequestToken = null,
    [property: Id(7)] int Attempt = 0,
    [property: Id(8)] string? RequestTraceId = null,
    [property: Id(9)] DateTimeOffset? StartBy = null);
