using System.Collections.Concurrent;

namespace Ticketing.Bench;

/// <summary>Latencies per operation and outcome counts per (operation, status, code). Thread-safe.</summary>
public sealed class LatencyRecorder
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _latencies = new();
    private readonly ConcurrentDictionary<string, int> _outcomes = new();
    private readonly ConcurrentDictionary<string, string> _examples = new();
    private readonly ConcurrentQueue<Failure> _failures = new();

    /// <summary>
    /// Operations whose successful answers are also timed on their own, as "{operation} ok": in a flash sale nine hold
    /// answers in ten are refusals, which store nothing and come back fast, so the hold line alone hides what a buyer
    /// who gets seats waits (every write of the hold is behind that answer).
    /// </summary>
    private static readonly HashSet<string> TimedOnSuccess = new(StringComparer.Ordinal) { "hold" };

    public void Record(string operation, double milliseconds, int status, string? code, string? detail = null)
    {
        var sentAt = DateTimeOffset.UtcNow - TimeSpan.FromMilliseconds(milliseconds);
        _latencies.GetOrAdd(operation, _ => []).Add(milliseconds);
        if (status is >= 200 and < 300 && TimedOnSuccess.Contains(operation))
        {
            _latencies.GetOrAdd(operation + " ok", _ => []).Add(milliseconds);
        }

        var key = $"{operation} {status}{(code is null ? "" : " " + code)}";
        _outcomes.AddOrUpdate(key, 1, (_, n) => n + 1);
        if (status is 0 or >= 500)
        {
            _failures.Enqueue(new Failure(sentAt, operation, status, code));
        }

        if (detail is not null && status is 0 or >= 400)
        {
            // The first answer of each kind, so an unexpected error can be read, not just counted.
            _examples.TryAdd(key, detail.Length > 400 ? detail[..400] : detail);
        }
    }

    public IReadOnlyDictionary<string, int> Outcomes => _outcomes;

    public IReadOnlyDictionary<string, string> Examples => _examples;

    /// <summary>
    /// Answers that were not the product's decision (5xx, no answer), with when their request was sent: a fault test
    /// checks that none was sent while the cluster was only being stopped gracefully. (The send time, not the answer's:
    /// a call cut off by an earlier kill -9 times out 30 s later, possibly inside such a window.)
    /// </summary>
    public IEnumerable<Failure> Failures => _failures;

    public IEnumerable<OperationStats> Stats(TimeSpan duration)
        => _latencies.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv =>
        {
            var sorted = kv.Value.ToArray();
            Array.Sort(sorted);
            double P(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
            return new OperationStats(kv.Key, sorted.Length, sorted.Length / duration.TotalSeconds, P(0.50), P(0.95), P(0.99), sorted.Length == 0 ? 0 : sorted[^1]);
        });
}

public sealed record OperationStats(string Operation, int Count, double PerSecond, double P50, double P95, double P99, double Max);

/// <summary>A 5xx answer or a request that got no answer, and when the request was sent.</summary>
public sealed record Failure(DateTimeOffset At, string Operation, int Status, string? Code);
