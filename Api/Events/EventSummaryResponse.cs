using Ticketing.Events;

namespace Ticketing.Api.Events;

/// <summary>An item of the <c>GET /events</c> list.</summary>
public sealed record EventSummaryResponse(string Id, string Name, string Description, string Venue, string City, DateTimeOffset StartsAt, EventStatus Status, string Currency)
{
    public static EventSummaryResponse From(EventCatalogEntry e) => new(e.EventId, e.Name, e.Description, e.Venue, e.City, e.StartsAt, e.Status, e.Currency);
}
