using System.Collections.Immutable;

namespace Ticketing.Seats;

/// <summary>The whole seat map's state for <c>GET /events/{id}/seats</c> and the per-category counts.</summary>
[GenerateSerializer, Immutable, Alias("ticketing.EventAvailability")]
public sealed record EventAvailability(
    [property: Id(0)] string EventId,
    [property: Id(1)] ImmutableArray<SeatRowSnapshot> Rows,
    [property: Id(2)] ImmutableArray<GeneralAdmissionSnapshot> GeneralAdmission,
    [property: Id(3)] ImmutableArray<CategoryAvailability> Categories,
    [property: Id(4)] long Version);

[GenerateSerializer, Immutable, Alias("ticketing.CategoryAvailability")]
public sealed record CategoryAvailability(
    [property: Id(0)] string CategoryId,
    [property: Id(1)] int Total,
    [property: Id(2)] int Available,
    [property: Id(3)] int Held,
    [property: Id(4)] int Sold);
