namespace Ticketing.Events;

[GenerateSerializer, Alias("ticketing.EventStatus")]
public enum EventStatus
{
    Draft,
    OnSale,
    SalesClosed,
    Cancelled,
}
