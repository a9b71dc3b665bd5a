namespace Ticketing.Seats;

/// <summary>Counts of a GA category; live holds only (expired ones already count as available).</summary>
[GenerateSerializer, Immutable, Alias("ticketing.GeneralAdmissionSnapshot")]
public sealed record GeneralAdmissionSnapshot(
    [property: Id(0)] string CategoryId,
    [property: Id(1)] int Capacity,
    [property: Id(2)] int Held,
    [property: Id(3)] int Sold,
    [property: Id(4)] long Version)
{
    public int Available => Capacity - Held - Sold;
}
