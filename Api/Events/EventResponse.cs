using Ticketing.Events;
using Ticketing.Seats;

namespace Ticketing.Api.Events;

public sealed record EventResponse(
    string Id,
    string OrganizerId,
    EventStatus Status,
    string Name,
    string Description,
    string Venue,
    string City,
    DateTimeOffset StartsAt,
    string TimeZone,
    string Currency,
    int HoldTtlSeconds,
    int MaxSeatsPerReservation,
    DateTimeOffset? SalesStartAt,
    DateTimeOffset? SalesEndAt,
    LatePaymentPolicy LatePaymentPolicy,
    IReadOnlyList<PriceCategory> Categories,
    IReadOnlyList<SectionDefinition> Sections,
    IReadOnlyList<GeneralAdmissionDefinition> GeneralAdmission,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<CategoryAvailability>? Availability)
{
    public static EventResponse From(EventSnapshot e, IReadOnlyList<CategoryAvailability>? availability = null)
    {
        var d = e.Definition;
        return new EventResponse(e.Id, e.OrganizerId, e.Status, d.Name, d.Description, d.Venue, d.City, d.StartsAt, d.TimeZone, d.Currency,
            d.HoldTtlSeconds, d.MaxSeatsPerReservation, d.SalesStartAt, d.SalesEndAt, d.LatePaymentPolicy,
            d.Categories, d.Sections, d.GeneralAdmission, e.CreatedAt, e.UpdatedAt, availability);
    }
}
