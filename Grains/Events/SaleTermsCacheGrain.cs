using Ticketing.Common;
using System.Diagnostics;

namespace Ticketing.Events;

/// <summary>
/// Per-silo cache of an event's <see cref="SaleTerms"/>. A published event's definition never changes, so only
/// its status can be stale here, by at most <see cref="MaxAge"/>; seat rows enforce the status themselves.
/// </summary>
[StatelessWorker]
public sealed class SaleTermsCacheGrain : Grain, ISaleTermsCacheGrain
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private SaleTerms? _terms;
    private long _fetchedAt;

    public async Task<SaleTerms?> GetAsync()
    {
        if (_terms is null || Stopwatch.GetElapsedTime(_fetchedAt) > MaxAge)
        {
            _terms = await GrainFactory.For<IEventGrain>(this.GetPrimaryKeyString()).GetSaleTermsAsync();
            _fetchedAt = Stopwatch.GetTimestamp();
        }

        return _terms;
    }
}
