namespace Ticketing.Events;

/// <summary>
/// A per-silo read-through cache of <see cref="SaleTerms"/> (key: event id), so thousands of holds per second
/// never queue on the single event grain. Status may lag by up to a second; seat rows are authoritative.
/// </summary>
[Alias("ticketing.ISaleTermsCacheGrain")]
public interface ISaleTermsCacheGrain : IGrainWithStringKey
{
    Task<SaleTerms?> GetAsync();
}
