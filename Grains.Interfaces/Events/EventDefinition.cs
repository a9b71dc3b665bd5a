using System.Collections.Immutable;

namespace Ticketing.Events;

/// <summary>What an organizer submits to create or update a draft event (SPEC section 9 shape).</summary>
[GenerateSerializer, Immutable, Alias("ticketing.EventDefinition")]
public sealed record EventDefinition
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public string Description { get; init; } = "";
    [Id(2)] public required string Venue { get; init; }
    [Id(3)] public required string City { get; init; }
    [Id(4)] public required DateTimeOffset StartsAt { get; init; }
    [Id(5)] public required string TimeZone { get; init; }
    [Id(6)] public required string Currency { get; init; }
    [Id(7)] public int HoldTtlSeconds { get; init; } = 600;
    [Id(8)] public int MaxSeatsPerReservation { get; init; } = 10;
    [Id(9)] public ImmutableArray<PriceCategory> Categories { get; init; } = [];
    [Id(10)] public ImmutableArray<SectionDefinition> Sections { get; init; } = [];
    [Id(11)] public ImmutableArray<GeneralAdmissionDefinition> GeneralAdmission { get; init; } = [];
    [Id(12)] public DateTimeOffset? SalesStartAt { get; init; }
    [Id(13)] public DateTimeOffset? SalesEndAt { get; init; }
    [Id(14)] public LatePaymentPolicy LatePaymentPolicy { get; init; } = LatePaymentPolicy.Refund;
}

[GenerateSerializer, Immutable, Alias("ticketing.PriceCategory")]
public sealed record PriceCategory([property: Id(0)] string Id, [property: Id(1)] string Name, [property: Id(2)] long Price);

[GenerateSerializer, Immutable, Alias("ticketing.SectionDefinition")]
public sealed record SectionDefinition([property: Id(0)] string Id, [property: Id(1)] string Name, [property: Id(2)] ImmutableArray<RowDefinition> Rows);

/// <summary>A row of <see cref="Seats"/> seats numbered 1..Seats, all in one price category.</summary>
[GenerateSerializer, Immutable, Alias("ticketing.RowDefinition")]
public sealed record RowDefinition([property: Id(0)] string Id, [property: Id(1)] int Seats, [property: Id(2)] string CategoryId);

/// <summary>Standing/unnumbered capacity sold by quantity, with its own price.</summary>
[GenerateSerializer, Immutable, Alias("ticketing.GeneralAdmissionDefinition")]
public sealed record GeneralAdmissionDefinition([property: Id(0)] string Id, [property: Id(1)] string Name, [property: Id(2)] long Price, [property: Id(3)] int Capacity);
