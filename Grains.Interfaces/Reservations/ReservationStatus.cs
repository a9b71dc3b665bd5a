namespace Ticketing.Reservations;

[GenerateSerializer, Alias("ticketing.ReservationStatus")]
public enum ReservationStatus
{
    Active,
    Confirming,
    Confirmed,
    Cancelled,
    Expired,
}
