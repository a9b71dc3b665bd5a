namespace Ticketing.Bookings;

/// <summary>Who asks: the user id and whether they are an admin (organizers are recognised per event by the grain).</summary>
[GenerateSerializer, Immutable, Alias("ticketing.BookingActor")]
public sealed record BookingActor([property: Id(0)] string UserId, [property: Id(1)] bool IsAdmin);
