using System.Collections.Concurrent;

namespace Ticketing.Tests.Infrastructure;

/// <summary>
/// Which grain-state writes fail next, shared by every silo of a <see cref="StorageFaultClusterFixture"/>: a write of a
/// grain whose key contains an armed fragment throws, as a database that is down or times out would.
/// </summary>
public sealed class StorageFaults
{
    private readonly ConcurrentDictionary<string, int> _failures = new();
    private readonly ConcurrentDictionary<string, int> _readFailures = new();
    private readonly ConcurrentDictionary<string, int> _clearFailures = new();
    private readonly ConcurrentDictionary<string, int> _lostAnswers = new();
    private readonly ConcurrentDictionary<string, TimeSpan> _delays = new();
    private readonly ConcurrentDictionary<string, int> _writes = new();

    /// <summary>The next <paramref name="count"/> writes of grains whose key contains <paramref name="keyFragment"/> fail.</summary>
    public void FailNextWrites(string keyFragment, int count = 1) => _failures[keyFragment] = count;

    /// <summary>The next <paramref name="count"/> reads of grains whose key contains <paramref name="keyFragment"/> fail.</summary>
    public void FailNextReads(string keyFragment, int count = 1) => _readFailures[keyFragment] = count;

    /// <summary>
    /// The next <paramref name="count"/> writes of grains whose key contains <paramref name="keyFragment"/> are stored
    /// and then reported failed, as a commit whose answer a lost connection never brought back.
    /// </summary>
    public void LoseAnswersOfNextWrites(string keyFragment, int count = 1) => _lostAnswers[keyFragment] = count;

    /// <summary>The next <paramref name="count"/> clears of grains whose key contains <paramref name="keyFragment"/> fail.</summary>
    public void FailNextClears(string keyFragment, int count = 1) => _clearFailures[keyFragment] = count;

    /// <summary>Writes of grains whose key contains <paramref name="keyFragment"/> take <paramref name="delay"/>, as a busy database's would.</summary>
    public void DelayWrites(string keyFragment, TimeSpan delay) => _delays[keyFragment] = delay;

    /// <summary>How many writes reached storage for grains whose key contains <paramref name="keyFragment"/> (failed ones included).</summary>
    public int WritesOf(string keyFragment) => _writes.GetValueOrDefault(keyFragment);

    /// <summary>Counts the write for every watched fragment and returns the longest delay that applies.</summary>
    public TimeSpan OnWrite(GrainId grainId)
    {
        var key = grainId.Key.ToString() ?? "";
        var delay = TimeSpan.Zero;
        foreach (var (fragment, d) in _delays)
        {
            if (key.Contains(fragment, StringComparison.Ordinal))
            {
                _writes.AddOrUpdate(fragment, 1, (_, n) => n + 1);
                delay = d > delay ? d : delay;
            }
        }

        return delay;
    }

    public bool ShouldFailRead(GrainId grainId) => Take(_readFailures, grainId);

    public bool ShouldFail(GrainId grainId) => Take(_failures, grainId);

    public bool ShouldFailClear(GrainId grainId) => Take(_clearFailures, grainId);

    public bool ShouldLoseAnswer(GrainId grainId) => Take(_lostAnswers, grainId);

    private static bool Take(ConcurrentDictionary<string, int> armed, GrainId grainId)
    {
        var key = grainId.Key.ToString() ?? "";
        foreach (var (fragment, left) in armed)
        {
            if (left > 0 && key.Contains(fragment, StringComparison.Ordinal) && armed.TryUpdate(fragment, left - 1, left))
            {
                return true;
            }
        }

        return false;
    }
}
