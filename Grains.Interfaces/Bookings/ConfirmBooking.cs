namespace Ticketing.Bookings;

/// <summary>The command of <c>POST /bookings/confirm</c>, run by the booking grain whose key is a fresh booking id.</summary>
[GenerateSerializer, Immutable, Alias("ticketing.ConfirmBooking")]
public sealed record ConfirmBooking(
    [property: Id(0)] string UserId,
    [property: Id(1)] string ReservationId,
    [property: Id(2)] string PaymentMethod,
    [property: Id(3)] string PaymentToken);
