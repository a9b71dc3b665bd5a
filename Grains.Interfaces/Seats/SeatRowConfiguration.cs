namespace Ticketing.Seats;

/// <summary>Sent by the event grain at publish: a row's seats, category and unit price.</summary>
[GenerateSerializer, Immutable, Alias("ticketing.SeatRowConfiguration")]
public sealed record SeatRowConfiguration(
    [property: Id(0)] string EventId,
    [property: Id(1)] string SectionId,
    [property: Id(2)] string RowId,
    [property: Id(3)] int Seats,
    [property: Id(4)] string CategoryId,
    [property: Id(5)] long Price,
    [property: Id(6)] string Currency,
    [property: Id(7)] SalesState Sales);
