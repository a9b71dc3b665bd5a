namespace Ticketing.Events;

/// <summary>
/// One event (key: event id): its definition, lifecycle and organizer. Not on the hold path: holds go to seat
/// rows directly with terms from <see cref="ISaleTermsCacheGrain"/>.
/// </summary>
[Alias("ticketing.IEventGrain")]
public interface IEventGrain : IGrainWithStringKey
{
    /// <summary>Creates a draft after validating the whole definition (every error in one result).</summary>
    Task<EventResult> CreateAsync(string organizerId, EventDefinition definition);

    /// <summary>Replaces the definition while Draft; only its organizer (or an admin) may.</summary>
    Task<EventResult> UpdateAsync(string actorId, bool actorIsAdmin, EventDefinition definition);

    /// <summary>Draft -> OnSale: configures every seat row and GA counter, then opens sales.</summary>
    Task<EventResult> PublishAsync(string actorId, bool actorIsAdmin);

    /// <summary>OnSale -> SalesClosed.</summary>
    Task<EventResult> CloseAsync(string actorId, bool actorIsAdmin);

    /// <summary>Any state -> Cancelled; confirmed bookings are refunded by the bookings feature.</summary>
    Task<EventResult> CancelAsync(string actorId, bool actorIsAdmin);

    [ReadOnly]
    Task<EventSnapshot?> GetAsync();

    /// <summary>Null until the event exists.</summary>
    [ReadOnly]
    Task<SaleTerms?> GetSaleTermsAsync();
}
