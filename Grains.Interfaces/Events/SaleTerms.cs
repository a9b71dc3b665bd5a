using System.Collections.Immutable;

namespace Ticketing.Events;

/// <summary>
/// What the hold path needs to know about an event, fixed once the event is published (a published event's
/// definition never changes; only its status does, and seat rows enforce the status themselves).
/// Served from a per-silo cache so the event grain stays off the hot path.
/// </summary>
[GenerateSerializer, Immutable, Alias("ticketing.SaleTerms")]
public sealed record SaleTerms(
    [property: Id(0)] string EventId,
    [property: Id(1)] string OrganizerId,
    [property: Id(2)] EventStatus Status,
    [property: Id(3)] string Currency,
    [property: Id(4)] int HoldTtlSeconds,
    [property: Id(5)] int MaxSeatsPerReservation,
    [property: Id(6)] DateTimeOffset StartsAt,
    [property: Id(7)] DateTimeOffset? SalesStartAt,
    [property: Id(8)] DateTimeOffset? SalesEndAt,
    [property: Id(9)] ImmutableDictionary<string, PriceCategory> Categories,
    [property: Id(10)] ImmutableArray<RowLayout> Rows,
    [property: Id(11)] ImmutableDictionary<string, GeneralAdmissionDefinition> GeneralAdmission,
    [property: Id(12)] LatePaymentPolicy LatePaymentPolicy);

/// <summary>One row of the seat map: its grain key, seat count and category.</summary>
[GenerateSerializer, Immutable, Alias("ticketing.RowLayout")]
public sealed record RowLayout(
    [property: Id(0)] string SectionId,
    [property: Id(1)] string RowId,
    [property: Id(2)] int Seats,
    [property: Id(3)] string CategoryId);
