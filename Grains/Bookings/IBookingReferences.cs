namespace Ticketing.Bookings;

/// <summary>
/// Where new booking references come from. Production draws them at random (<see cref="RandomBookingReferences"/>);
/// the seam exists so tests can force a collision and watch the saga claim another.
/// </summary>
public interface IBookingReferences
{
    string Next();
}
