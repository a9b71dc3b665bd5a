namespace Ticketing.Seats;

[GenerateSerializer, Immutable, Alias("ticketing.GeneralAdmissionConfiguration")]
public sealed record GeneralAdmissionConfiguration(
    [property: Id(0)] string EventId,
    [property: Id(1)] string CategoryId,
    [property: Id(2)] int Capacity,
    [property: Id(3)] long Price,
    [property: Id(4)] string Currency,
    [property: Id(5)] SalesState Sales);
