namespace Ticketing.Seats;

[GenerateSerializer, Alias("ticketing.SeatStatus")]
public enum SeatStatus : byte
{
    Available = 0,
    Held = 1,
    Sold = 2,
}
