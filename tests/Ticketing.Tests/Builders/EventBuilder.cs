using System.Collections.Immutable;
using Ticketing.Common;
using Ticketing.Events;

namespace Ticketing.Tests.Builders;

/// <summary>
/// Builds event definitions for tests: <c>rows</c> rows of <c>seatsPerRow</c> seats in one section "A"
/// (rows "R1".."Rn", category "STD" at 5000), optionally a GA area "FLOOR", and creates/publishes them through the
/// real event grain.
/// </summary>
public sealed class EventBuilder
{
    private string _name = "Test concert";
    private int _rows = 1;
    private int _seatsPerRow = 10;
    private int _gaCapacity;
    private int _ttlSeconds = 600;
    private int _maxSeats = 10;
    private DateTimeOffset? _startsAt;
    private DateTimeOffset? _salesStartAt;
    private DateTimeOffset? _salesEndAt;
    private LatePaymentPolicy _latePolicy = LatePaymentPolicy.Refund;

    public const string Section = "A";
    public const string Category = "STD";
    public const long Price = 5000;
    public const string GeneralAdmissionId = "FLOOR";
    public const long GeneralAdmissionPrice = 3000;

    public EventBuilder WithName(string name)
    {
        _name = name;
        return this;
    }

    public EventBuilder WithSeats(int rows, int seatsPerRow)
    {
        _rows = rows;
        _seatsPerRow = seatsPerRow;
        return this;
    }

    public EventBuilder WithGeneralAdmission(int capacity)
    {
        _gaCapacity = capacity;
        return this;
    }

    public EventBuilder WithHoldTtl(int seconds)
    {
        _ttlSeconds = seconds;
        return this;
    }

    public EventBuilder WithMaxSeatsPerReservation(int max)
    {
        _maxSeats = max;
        return this;
    }

    public EventBuilder StartingAt(DateTimeOffset startsAt)
    {
        _startsAt = startsAt;
        return this;
    }

    public EventBuilder WithSalesWindow(DateTimeOffset? start, DateTimeOffset? end)
    {
        _salesStartAt = start;
        _salesEndAt = end;
        return this;
    }

    public EventBuilder WithLatePaymentPolicy(LatePaymentPolicy policy)
    {
        _latePolicy = policy;
        return this;
    }

    public EventDefinition Build(DateTimeOffset now) => new()
    {
        Name = _name,
        Description = "A concert for tests",
        Venue = "Test Hall",
        City = "Testville",
        StartsAt = _startsAt ?? now.AddDays(30),
        TimeZone = "Europe/London",
        Currency = "GBP",
        HoldTtlSeconds = _ttlSeconds,
        MaxSeatsPerReservation = _maxSeats,
        Categories = [new PriceCategory(Category, "Standard", Price)],
        Sections = _rows == 0 ? [] :
        [
            new SectionDefinition(Section, "Section A", [.. Enumerable.Range(1, _rows).Select(r => new RowDefinition($"R{r}", _seatsPerRow, Category))]),
        ],
        GeneralAdmission = _gaCapacity > 0 ? [new GeneralAdmissionDefinition(GeneralAdmissionId, "Standing", GeneralAdmissionPrice, _gaCapacity)] : [],
        SalesStartAt = _salesStartAt,
        SalesEndAt = _salesEndAt,
        LatePaymentPolicy = _latePolicy,
    };

    /// <summary>Creates the event as a draft; returns its id.</summary>
    public async Task<string> DraftAsync(IGrainFactory grains, DateTimeOffset now, string organizerId = "organizer-1")
    {
        var id = Ids.New();
        var created = await grains.GetGrain<IEventGrain>(id).CreateAsync(organizerId, Build(now));
        Assert.True(created.Succeeded, created.Error?.Message);
        return id;
    }

    /// <summary>Creates and publishes the event; returns its id.</summary>
    public async Task<string> PublishAsync(IGrainFactory grains, DateTimeOffset now, string organizerId = "organizer-1")
    {
        var id = await DraftAsync(grains, now, organizerId);
        var grain = grains.GetGrain<IEventGrain>(id);
        var published = await grain.PublishAsync(organizerId, actorIsAdmin: false);
        Assert.True(published.Succeeded, published.Error?.Message);
        return id;
    }

    public static string Seat(int row, int number) => $"{Section}-R{row}-{number}";

    public static ImmutableArray<string> Seats(int row, params int[] numbers) => [.. numbers.Select(n => Seat(row, n))];
}
