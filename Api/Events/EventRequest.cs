using System.Collections.Immutable;
using Ticketing.Events;

namespace Ticketing.Api.Events;

/// <summary>The body of <c>POST /events</c> and <c>PUT /events/{id}</c> (SPEC section 9). Everything nullable so
/// that a missing field is reported with the others instead of failing the whole body.</summary>
public sealed record EventRequest(
    string? Name,
    string? Description,
    string? Venue,
    string? City,
    DateTimeOffset? StartsAt,
    string? TimeZone,
    string? Currency,
    int? HoldTtlSeconds,
    int? MaxSeatsPerReservation,
    IReadOnlyList<PriceCategory>? Categories,
    IReadOnlyList<SectionRequest>? Sections,
    IReadOnlyList<GeneralAdmissionDefinition>? GeneralAdmission,
    DateTimeOffset? SalesStartAt,
    DateTimeOffset? SalesEndAt,
    LatePaymentPolicy? LatePaymentPolicy)
{
    /// <summary>
    /// The definition, or every problem with the body: missing required fields together with whatever else is
    /// wrong (the same whole-definition validation the event grain runs), so one round trip shows them all.
    /// </summary>
    public (EventDefinition? Definition, Dictionary<string, string[]> Errors) ToDefinition(DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        void Required(object? value, string field)
        {
            if (value is null)
            {
                errors[field] = [$"{field} is required."];
            }
        }

        Required(Name, "name");
        Required(Venue, "venue");
        Required(City, "city");
        Required(StartsAt, "startsAt");
        Required(TimeZone, "timeZone");
        Required(Currency, "currency");

        // Stand-ins for missing fields let the rest be checked without reporting those fields twice.
        var definition = new EventDefinition
        {
            Name = Name ?? "-",
            Description = Description ?? "",
            Venue = Venue ?? "-",
            City = City ?? "-",
            StartsAt = StartsAt ?? DateTimeOffset.MaxValue,
            TimeZone = TimeZone ?? "UTC",
            Currency = Currency ?? "EUR",
            HoldTtlSeconds = HoldTtlSeconds ?? 600,
            MaxSeatsPerReservation = MaxSeatsPerReservation ?? 10,
            Categories = [.. Categories ?? []],
            Sections = [.. (Sections ?? []).Select(s => s is null ? null! : new SectionDefinition(s.Id!, s.Name ?? s.Id!, [.. s.Rows ?? []]))],
            GeneralAdmission = [.. GeneralAdmission ?? []],
            SalesStartAt = SalesStartAt,
            SalesEndAt = SalesEndAt,
            LatePaymentPolicy = LatePaymentPolicy ?? Ticketing.Events.LatePaymentPolicy.Refund,
        };
        foreach (var (field, messages) in EventDefinitionValidator.Validate(definition, now))
        {
            errors.TryAdd(field, messages);
        }

        return errors.Count == 0 ? (definition, errors) : (null, errors);
    }
}

public sealed record SectionRequest(string? Id, string? Name, IReadOnlyList<RowDefinition>? Rows);
