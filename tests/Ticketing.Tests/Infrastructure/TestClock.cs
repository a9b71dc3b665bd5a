namespace Ticketing.Tests.Infrastructure;

/// <summary>
/// The grains' clock in tests. Flowing (the default) it is the real clock plus whatever tests added with
/// <see cref="Advance"/>; frozen it stands still until advanced. Timers (grain timers, reminders) run in real
/// time and are also brought forward by <see cref="Advance"/>, so a test can jump to "one minute later" and
/// see the reminder fire, while everything else keeps working on its own.
/// </summary>
public sealed class TestClock(bool frozen = false) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<WeakReference<ClockTimer>> _timers = [];
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
        List<ClockTimer> live = [];
        lock (_lock)
        {
            _frozenNow += by;
            _offset += by;
            _timers.RemoveAll(w => !w.TryGetTarget(out _));
            foreach (var weak in _timers)
            {
                if (weak.TryGetTarget(out var timer))
                {
                    live.Add(timer);
                }
            }
        }

        foreach (var timer in live)
        {
            timer.Reschedule();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ClockTimer(this, callback, state);
        lock (_lock)
        {
            _timers.Add(new WeakReference<ClockTimer>(timer));
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>A real timer whose due instant is kept in clock time, so advancing the clock brings it forward.</summary>
    private sealed class ClockTimer : ITimer
    {
        private readonly TestClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private readonly Timer _timer;
        private readonly Lock _lock = new();
        private DateTimeOffset? _dueAt;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;
        private bool _disposed;

        public ClockTimer(TestClock clock, TimerCallback callback, object? state)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
            _timer = new Timer(_ => Fire(), null, Timeout.Infinite, Timeout.Infinite);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_lock)
            {
                if (_disposed)
                {
                    return false;
                }

                _period = period;
                _dueAt = dueTime == Timeout.InfiniteTimeSpan ? null : _clock.GetUtcNow() + dueTime;
            }

            Reschedule();
            return true;
        }

        public void Reschedule()
        {
            lock (_lock)
            {
                if (_disposed)
                {
                    return;
                }

                if (_dueAt is not { } due)
                {
                    _timer.Change(Timeout.Infinite, Timeout.Infinite);
                    return;
                }

                var wait = due - _clock.GetUtcNow();
                _timer.Change(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
            }
        }

        private void Fire()
        {
            lock (_lock)
            {
                if (_disposed || _dueAt is not { } due || due > _clock.GetUtcNow() + TimeSpan.FromMilliseconds(5))
                {
                    // Woken early (the clock was not advanced after all): wait for the rest.
                    if (!_disposed && _dueAt is not null)
                    {
                        var rest = _dueAt.Value - _clock.GetUtcNow();
                        _timer.Change(rest < TimeSpan.Zero ? TimeSpan.Zero : rest, Timeout.InfiniteTimeSpan);
                    }

                    return;
                }

                _dueAt = _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? null : due + _period;
            }

            _callback(_state);
            Reschedule();
        }

        public void Dispose()
        {
            lock (_lock)
            {
                _disposed = true;
                _dueAt = null;
            }

            _timer.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
