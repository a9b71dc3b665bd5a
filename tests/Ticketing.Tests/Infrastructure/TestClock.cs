namespace Ticketing.Tests.Infrastructure;

/// <summary>
/// The grains' clock in tests. Flowing (the default) it is the real clock plus whatever tests added with
/// <see cref="Advance"/>; frozen it stands still until advanced. Timers always run on real time (the base
/// <see cref="TimeProvider.CreateTimer"/>), so grain timers and reminders keep working while tests jump ahead.
/// </summary>
public sealed class TestClock(bool frozen = false) : TimeProvider
{
    private readonly Lock _lock = new();
    private DateTimeOffset _frozenNow = DateTimeOffset.UtcNow;
    private TimeSpan _offset;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return frozen ? _frozenNow : DateTimeOffset.UtcNow + _offset;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_lock)
        {
            _frozenNow += by;
            _offset += by;
        }
    }
}
