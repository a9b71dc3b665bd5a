namespace Ticketing.Bookings;

public sealed class NoBookingFaults : IBookingFaults
{
    public ValueTask AtAsync(string step, string bookingId) => ValueTask.CompletedTask;
}
