using System.Collections.Concurrent;
using Ticketing.Bookings;

namespace Ticketing.Tests.Bookings.Support;

/// <summary>
/// The test seam of the saga: a test arms a step of one booking to throw (a crash between two steps) or to run an
/// action (e.g. wait on a gate to line up a race). Each arming fires once.
/// </summary>
public sealed class ScriptedBookingFaults : IBookingFaults
{
    private readonly ConcurrentDictionary<(string Step, string BookingId), Func<ValueTask>> _armed = new();

    public void CrashAt(string step, string bookingId)
        => _armed[(step, bookingId)] = () => throw new SimulatedCrashException($"Simulated crash at {step} of booking {bookingId}.");

    public void RunAt(string step, string bookingId, Func<Task> action)
        => _armed[(step, bookingId)] = async () => await action();

    public ValueTask AtAsync(string step, string bookingId)
        => _armed.TryRemove((step, bookingId), out var action) ? action() : ValueTask.CompletedTask;
}
