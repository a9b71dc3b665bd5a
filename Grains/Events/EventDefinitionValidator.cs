using System.Text.RegularExpressions;

namespace Ticketing.Events;

/// <summary>
/// Checks a whole event definition and reports every problem at once, keyed by JSON path
/// (e.g. <c>sections[0].rows[2].categoryId</c>), so an organizer fixes everything in one round.
/// </summary>
public static partial class EventDefinitionValidator
{
    public const int MaxSeatsPerEvent = 100_000;
    public const int MaxSeatsPerRow = 500;
    public const int MaxCategories = 50;
    public const int MaxGeneralAdmissionCapacity = 100_000;

    /// <summary>
    /// The most one seat or place may cost, in minor units (1,000,000.00 in a two-decimal currency): every total is
    /// then at most 100 seats times this, far inside a 64-bit amount, so no price can wrap a total to a negative charge
    /// that could never be refunded. Card processors cap a single charge well below it anyway.
    /// </summary>
    public const long MaxPrice = 100_000_000;

    /// <summary>ISO 4217 codes accepted for prices (the ones a box office is likely to use; extend as needed).</summary>
    private static readonly HashSet<string> Currencies = new(StringComparer.Ordinal)
    {
        "AED", "ARS", "AUD", "BRL", "CAD", "CHF", "CLP", "CNY", "COP", "CZK", "DKK", "EGP", "EUR", "GBP", "GHS", "HKD", "HUF",
        "IDR", "ILS", "INR", "ISK", "JPY", "KES", "KRW", "MAD", "MXN", "MYR", "NGN", "NOK", "NZD", "PEN", "PHP", "PKR", "PLN",
        "QAR", "RON", "RSD", "SAR", "SEK", "SGD", "THB", "TRY", "TWD", "UAH", "USD", "VND", "ZAR",
    };

    public static Dictionary<string, string[]> Validate(EventDefinition d, DateTimeOffset now)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        Text(d.Name, "name", 1, 200, Add);
        Text(d.Description, "description", 0, 5000, Add);
        Text(d.Venue, "venue", 1, 200, Add);
        Text(d.City, "city", 1, 200, Add);
        if (d.StartsAt <= now)
        {
            Add("startsAt", "startsAt must be in the future.");
        }

        if (string.IsNullOrWhiteSpace(d.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(d.TimeZone, out _))
        {
            Add("timeZone", "timeZone must be an IANA time zone id such as Europe/London.");
        }

        if (d.Currency is null || !Currencies.Contains(d.Currency))
        {
            Add("currency", "currency must be a supported ISO 4217 code in upper case, such as GBP.");
        }

        if (d.HoldTtlSeconds is < 1 or > 3600)
        {
            Add("holdTtlSeconds", "holdTtlSeconds must be between 1 and 3600.");
        }

        if (d.MaxSeatsPerReservation is < 1 or > 100)
        {
            Add("maxSeatsPerReservation", "maxSeatsPerReservation must be between 1 and 100.");
        }

        if (d.SalesEndAt is { } end && end > d.StartsAt)
        {
            Add("salesEndAt", "salesEndAt must not be after startsAt.");
        }
        else if (d.SalesEndAt is { } ended && ended <= now)
        {
            Add("salesEndAt", "salesEndAt must be in the future.");
        }

        if (d.SalesStartAt is { } start && d.SalesEndAt is { } stop && start >= stop)
        {
            Add("salesStartAt", "salesStartAt must be before salesEndAt.");
        }

        var categories = d.Categories.IsDefault ? [] : d.Categories;
        var sections = d.Sections.IsDefault ? [] : d.Sections;
        var generalAdmission = d.GeneralAdmission.IsDefault ? [] : d.GeneralAdmission;
        if (categories.Length + generalAdmission.Length > MaxCategories)
        {
            Add("categories", $"At most {MaxCategories} price categories and general-admission areas in all.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < categories.Length; i++)
        {
            var c = categories[i];
            if (c is null)
            {
                Add($"categories[{i}]", "must not be null.");
                continue;
            }

            Id(c.Id, $"categories[{i}].id", Add);
            Text(c.Name, $"categories[{i}].name", 1, 100, Add);
            if (c.Price is <= 0 or > MaxPrice)
            {
                Add($"categories[{i}].price", $"price must be a positive amount in minor units, at most {MaxPrice}.");
            }

            if (c.Id is not null && !ids.Add(c.Id))
            {
                Add($"categories[{i}].id", $"'{c.Id}' is used twice.");
            }
        }

        for (var i = 0; i < generalAdmission.Length; i++)
        {
            var g = generalAdmission[i];
            if (g is null)
            {
                Add($"generalAdmission[{i}]", "must not be null.");
                continue;
            }

            Id(g.Id, $"generalAdmission[{i}].id", Add);
            Text(g.Name, $"generalAdmission[{i}].name", 1, 100, Add);
            if (g.Price is <= 0 or > MaxPrice)
            {
                Add($"generalAdmission[{i}].price", $"price must be a positive amount in minor units, at most {MaxPrice}.");
            }

            if (g.Capacity is < 1 or > MaxGeneralAdmissionCapacity)
            {
                Add($"generalAdmission[{i}].capacity", $"capacity must be between 1 and {MaxGeneralAdmissionCapacity}.");
            }

            if (g.Id is not null && !ids.Add(g.Id))
            {
                Add($"generalAdmission[{i}].id", $"'{g.Id}' is already a category or general-admission id.");
            }
        }

        var seatCategories = categories.Where(c => c?.Id is not null).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var sectionIds = new HashSet<string>(StringComparer.Ordinal);
        long seats = 0;
        for (var s = 0; s < sections.Length; s++)
        {
            var section = sections[s];
            if (section is null)
            {
                Add($"sections[{s}]", "must not be null.");
                continue;
            }

            Id(section.Id, $"sections[{s}].id", Add);
            Text(section.Name, $"sections[{s}].name", 1, 100, Add);
            if (section.Id is not null && !sectionIds.Add(section.Id))
            {
                Add($"sections[{s}].id", $"'{section.Id}' is used twice.");
            }

            var rows = section.Rows.IsDefault ? [] : section.Rows;
            if (rows.Length == 0)
            {
                Add($"sections[{s}].rows", "A section needs at least one row.");
            }

            var rowIds = new HashSet<string>(StringComparer.Ordinal);
            for (var r = 0; r < rows.Length; r++)
            {
                var row = rows[r];
                var path = $"sections[{s}].rows[{r}]";
                if (row is null)
                {
                    Add(path, "must not be null.");
                    continue;
                }

                Id(row.Id, path + ".id", Add);
                if (row.Id is not null && !rowIds.Add(row.Id))
                {
                    Add(path + ".id", $"'{row.Id}' is used twice in this section.");
                }

                if (row.Seats is < 1 or > MaxSeatsPerRow)
                {
                    Add(path + ".seats", $"seats must be between 1 and {MaxSeatsPerRow}.");
                }
                else
                {
                    seats += row.Seats;
                }

                if (row.CategoryId is null || !seatCategories.Contains(row.CategoryId))
                {
                    Add(path + ".categoryId", $"'{row.CategoryId}' is not one of the event's categories.");
                }
            }
        }

        if (seats > MaxSeatsPerEvent)
        {
            Add("sections", $"An event has at most {MaxSeatsPerEvent} seats; this one has {seats}.");
        }

        // Rows that are there but wrong were reported above; this is about an event with nothing to sell at all.
        if (seats == 0 && generalAdmission.Length == 0 && !sections.Any(x => x is not null && !x.Rows.IsDefaultOrEmpty))
        {
            Add("sections", "An event needs at least one seat or one general-admission area.");
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    private static void Text(string? value, string field, int min, int max, Action<string, string> add)
    {
        var length = value?.Trim().Length ?? 0;
        if (length < min || (value?.Length ?? 0) > max)
        {
            add(field, min > 0 ? $"{field} must be 1 to {max} characters." : $"{field} must be at most {max} characters.");
        }
        else if (value is not null && value.Any(char.IsControl) && !value.All(c => !char.IsControl(c) || c is '\n' or '\r' or '\t'))
        {
            add(field, $"{field} must not contain control characters.");
        }
    }

    private static void Id(string? value, string field, Action<string, string> add)
    {
        if (value is null || !IdPattern().IsMatch(value))
        {
            add(field, "ids are 1 to 16 letters, digits or underscores (no '-').");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_]{1,16}$")]
    private static partial Regex IdPattern();
}
