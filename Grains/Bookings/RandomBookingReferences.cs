namespace Ticketing.Bookings;

/// <summary>References drawn from a CSPRNG (<see cref="BookingReference.New"/>).</summary>
public sealed class RandomBookingReferences : IBookingReferences
{
    public string Next() => BookingReference.New();
}
