namespace Ticketing.Bookings;

/// <summary>
/// A seam for fault tests: the saga calls it at each named step (see <see cref="BookingFaultPoints"/>) right after
/// the previous step's outcome is stored. Production registers <see cref="NoBookingFaults"/>; tests register one
/// that throws (a crash between two steps) or waits (to line up a race).
/// </summary>
public interface IBookingFaults
{
    ValueTask AtAsync(string step, string bookingId);
}
