using System.Collections.Concurrent;

namespace Ticketing.Tests.Infrastructure;

/// <summary>
/// Which grain-state writes fail next, shared by every silo of a <see cref="StorageFaultClusterFixture"/>: a write of a
/// grain whose key contains an armed fragment throws, as a database that is down or times out would.
/// </summary>
public sealed class StorageFaults
{
    private readonly ConcurrentDictionary<string, int> _failures = new();

    /// <summary>The next <paramref name="count"/> writes of grains whose key contains <paramref name="keyFragment"/> fail.</summary>
    public void FailNextWrites(string keyFragment, int count = 1) => _failures[keyFragment] = count;

    public bool ShouldFail(GrainId grainId)
    {
        var key = grainId.Key.ToString() ?? "";
        foreach (var (fragment, left) in _failures)
        {
            if (left > 0 && key.Contains(fragment, StringComparison.Ordinal) && _failures.TryUpdate(fragment, left - 1, left))
            {
                return true;
            }
        }

        return false;
    }
}
