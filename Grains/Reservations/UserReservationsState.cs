using System.Text.Json.Serialization;

namespace Ticketing.Reservations;

[GenerateSerializer]
public sealed class UserReservationsState
{
    /// <summary>Newest first.</summary>
    [Id(0)] public List<UserReservationEntry> Entries { get; set; } = [];
}

[GenerateSerializer]
public sealed class UserReservationEntry
{
    [Id(0), JsonPropertyName("id")] public string ReservationId { get; set; } = "";
    [Id(1), JsonPropertyName("ev")] public string EventId { get; set; } = "";
    [Id(2), JsonPropertyName("exp")] public DateTimeOffset ExpiresAt { get; set; }
    [Id(3), JsonPropertyName("end")] public bool Ended { get; set; }
}
