using System.Collections.Concurrent;
using Ticketing.Bookings;

namespace Ticketing.Tests.Bookings.Support;

/// <summary>Random references, unless a test queued some: those come first, in order (to force collisions).</summary>
public sealed class ScriptedBookingReferences : IBookingReferences
{
    private readonly ConcurrentQueue<string> _queued = new();

    public void Queue(params string[] references)
    {
        foreach (var reference in references)
        {
            _queued.Enqueue(reference);
        }
    }

    public string Next() => _queued.TryDequeue(out var reference) ? reference : BookingReference.New();
}
