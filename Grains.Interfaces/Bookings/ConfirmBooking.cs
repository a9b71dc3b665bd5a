namespace Ticketing.Bookings;

/// <summary>
/// The command of <c>POST /bookings/confirm</c>, run by the booking grain whose key is a fresh booking id.
/// <see cref="BookingIdIsNew"/>: the caller made the booking id for this very call (not a takeover or repeat), so the
/// grain need not read its state first.
/// </summary>
[GenerateSerializer, Immutable, Alias("ticketing.ConfirmBooking")]
public sealed record ConfirmBooking(
    [property: Id(0)] string UserId,
    [property: Id(1)] string ReservationId,
    [property: Id(2)] string PaymentMethod,
    [property: Id(3)] string PaymentToken,
    [property: Id(4)] bool BookingIdIsNew = false);
