using System.Collections.Immutable;

namespace Ticketing.Bookings;

[GenerateSerializer, Immutable, Alias("ticketing.UserBookingsPage")]
public sealed record UserBookingsPage([property: Id(0)] ImmutableArray<string> BookingIds, [property: Id(1)] int Total);
