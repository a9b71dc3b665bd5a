namespace Ticketing.Common;

/// <summary>
/// A grain's one-shot timer for its next hold expiry. A timer already due no later than the next expiry is kept
/// (when it fires, the grain releases what expired and schedules again), so the busiest grain of a sale does not
/// replace its timer on every hold.
/// </summary>
public sealed class ExpiryTimer(IGrainBase grain, Func<Task> onDue)
{
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(20);

    private IGrainTimer? _timer;
    private DateTimeOffset? _due;

    /// <summary>Makes sure the timer fires by <paramref name="next"/> (<see cref="DateTimeOffset.MaxValue"/>: nothing to expire).</summary>
    public void Schedule(DateTimeOffset next, DateTimeOffset now)
    {
        if (next == DateTimeOffset.MaxValue || (_due is { } due && due <= next && _timer is not null))
        {
            return;
        }

        _timer?.Dispose();
        _due = next;
        var delay = next - now + Slack;
        _timer = grain.RegisterGrainTimer(FireAsync, new GrainTimerCreationOptions(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan));
    }

    private Task FireAsync()
    {
        _timer?.Dispose();
        _timer = null;
        _due = null;
        return onDue();
    }
}
