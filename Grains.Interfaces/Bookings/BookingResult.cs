using Ticketing.Common;

namespace Ticketing.Bookings;

/// <summary>
/// The outcome of a booking command. A refusal may still carry the booking (e.g. Failed with
/// <c>payment_declined</c>), so clients can see what was recorded.
/// </summary>
[GenerateSerializer, Immutable, Alias("ticketing.BookingResult")]
public sealed record BookingResult([property: Id(0)] BookingSnapshot? Booking, [property: Id(1)] DomainError? Error)
{
    public bool Succeeded => Error is null;

    /// <summary>The first answer to an idempotent confirmation, given again to a repeat of the request.</summary>
    [Id(2)] public bool Replayed { get; init; }

    /// <summary>With <see cref="Replayed"/>: the trace id of the request that first got this answer (a refusal shows it).</summary>
    [Id(3)] public string? AnsweredTraceId { get; init; }

    public static BookingResult Ok(BookingSnapshot booking) => new(booking, null);

    public static BookingResult Fail(DomainError error, BookingSnapshot? booking = null) => new(booking, error);
}
