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

    public static BookingResult Ok(BookingSnapshot booking) => new(booking, null);

    public static BookingResult Fail(DomainError error, BookingSnapshot? booking = null) => new(booking, error);
}
