using System.Collections.Immutable;
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

    /// <summary>
    /// Booking id -> places sold to it (what makes a repeated sell or return harmless). It grows with the sale and the
    /// whole state is copied on every write in embedded mode: an immutable map is not copied at all (Orleans passes it
    /// as it is), where a dictionary of a 5,000-place category's bookings had been 4-5% of all bytes allocated.
    /// </summary>
    [Id(4)] public ImmutableDictionary<string, int> Sold { get; set; } = ImmutableDictionary<string, int>.Empty;
}

[GenerateSerializer]
public sealed class GeneralAdmissionHold
{
    [Id(0), JsonPropertyName("q")] public int Quantity { get; set; }

    [Id(1), JsonPropertyName("e")] public DateTimeOffset ExpiresAt { get; set; }
}
