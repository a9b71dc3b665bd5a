namespace Ticketing.Seats;

[GenerateSerializer]
public sealed class SeatRowState
{
    [Id(0)] public SeatRowConfiguration? Configuration { get; set; }

    [Id(1)] public SalesState? Sales { get; set; }

    /// <summary>Grows with every persisted change, so the availability view can ignore stale snapshots.</summary>
    [Id(2)] public long Version { get; set; }

    /// <summary>Index 0 is seat number 1.</summary>
    [Id(3)] public List<SeatEntry> Seats { get; set; } = [];
}
