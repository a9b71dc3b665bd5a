namespace Ticketing.Tests.Bookings.Support;

/// <summary>Thrown by <see cref="ScriptedBookingFaults"/>; it crosses the grain boundary to the test.</summary>
public sealed class SimulatedCrashException(string message) : Exception(message);
