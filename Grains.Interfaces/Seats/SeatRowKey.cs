namespace Ticketing.Seats;

/// <summary>
/// The key of a seat row grain: <c>{eventId}/{sectionId}-{rowId}</c>. One row of seats is the unit of
/// authority for seat state (see README, architecture): a multi-seat hold in one row is one grain call and one write.
/// </summary>
public static class SeatRowKey
{
    public static string For(string eventId, string sectionId, string rowId) => $"{eventId}/{sectionId}-{rowId}";

    public static string For(string eventId, SeatId seat) => For(eventId, seat.Section, seat.Row);
}
