namespace Ticketing.Bookings;

/// <summary>One admission: a seat (or a numbered general-admission place) and its signed, verifiable code.</summary>
[GenerateSerializer, Immutable, Alias("ticketing.BookingTicket")]
public sealed record BookingTicket([property: Id(0)] string SeatId, [property: Id(1)] string Code);
