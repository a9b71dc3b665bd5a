using System.Text.Json.Serialization;

namespace Ticketing.Seats;

[GenerateSerializer]
public sealed class GeneralAdmissionState
{
    [Id(0)] public GeneralAdmissionConfiguration? Configuration { get; set; }

    [Id(1)] public SalesState? Sales { get; set; }

    [Id(2)] public long Version { get; set; }

    /// <summary>Reservation id -> its hold. Expired entries count for nothing and are pruned on the next change.</summary>
    [Id(3)] public Dictionary<string, GeneralAdmissionHold> Holds { get; set; } = [];

    /// <summary>Booking id -> places sold to it.</summary>
    [Id(4)] public Dictionary<string, int> Sold { get; set; } = [];
}

[GenerateSerializer]
public sealed class GeneralAdmissionHold
{
    [Id(0), JsonPropertyName("q")] public int Quantity { get; set; }

    [Id(1), JsonPropertyName("e")] public DateTimeOffset ExpiresAt { get; set; }
}
