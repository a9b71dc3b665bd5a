using System.Collections.Immutable;
using Ticketing.Common;
using Ticketing.Events;
using Ticketing.Tests.Builders;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Events;

[Collection(ClusterCollection.Name)]
public sealed class EventDefinitionValidationTests(ClusterFixture fixture)
{
    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    private async Task<ImmutableDictionary<string, string[]>> RefusedAsync(EventDefinition definition)
    {
        var id = Ids.New();
        var result = await fixture.Client.GetGrain<IEventGrain>(id).CreateAsync("org", definition);
        Assert.Equal(DomainErrorCodes.ValidationFailed, result.Error?.Code);
        Assert.Null(await fixture.Client.GetGrain<IEventGrain>(id).GetAsync());
        return result.Error!.FieldErrors!;
    }

    [Fact]
    public async Task A_sale_window_must_end_in_the_future_before_the_show_and_after_it_opens()
    {
        var valid = new EventBuilder().Build(Now);
        Assert.Contains("salesEndAt", (await RefusedAsync(valid with { SalesEndAt = valid.StartsAt.AddMinutes(1) })).Keys);
        Assert.Contains("salesEndAt", (await RefusedAsync(valid with { SalesEndAt = Now.AddMinutes(-1) })).Keys);
        Assert.Contains("salesStartAt", (await RefusedAsync(valid with { SalesStartAt = valid.StartsAt.AddDays(-2), SalesEndAt = valid.StartsAt.AddDays(-2) })).Keys);

        var window = valid with { SalesStartAt = Now.AddDays(-1), SalesEndAt = valid.StartsAt };
        Assert.True((await fixture.Client.GetGrain<IEventGrain>(Ids.New()).CreateAsync("org", window)).Succeeded);
    }

    [Fact]
    public async Task A_price_beyond_the_cap_is_refused_so_no_total_can_overflow()
    {
        var valid = new EventBuilder().Build(Now);
        var huge = 4_611_686_018_427_387_904L;
        var errors = await RefusedAsync(valid with
        {
            Categories = [.. valid.Categories.Select((c, i) => i == 0 ? c with { Price = huge } : c)],
            GeneralAdmission = [new GeneralAdmissionDefinition("FLOOR", "Standing", EventDefinitionValidator.MaxPrice + 1, 100)],
        });
        Assert.Contains("categories[0].price", errors.Keys);
        Assert.Contains("generalAdmission[0].price", errors.Keys);

        var atTheCap = valid with { Categories = [.. valid.Categories.Select(c => c with { Price = EventDefinitionValidator.MaxPrice })] };
        Assert.True((await fixture.Client.GetGrain<IEventGrain>(Ids.New()).CreateAsync("org", atTheCap)).Succeeded);
    }

    [Fact]
    public async Task Ids_must_be_unique_well_formed_and_every_row_needs_a_known_seat_category()
    {
        var valid = new EventBuilder().Build(Now);
        var errors = await RefusedAsync(valid with
        {
            Categories = [new PriceCategory("STD", "Standard", 100), new PriceCategory("VIP-1", "Bad id", 100)],
            Sections =
            [
                new SectionDefinition("A", "A", [new RowDefinition("R1", 10, "STD"), new RowDefinition("R1", 10, "STD"), new RowDefinition("R-2", 0, "FLOOR")]),
                new SectionDefinition("A", "Again", []),
                new SectionDefinition("ThisIdIsFarTooLong", "Long", [new RowDefinition("R1", 1, "STD")]),
            ],
            GeneralAdmission = [new GeneralAdmissionDefinition("FLOOR", "Standing", 100, 100_001)],
        });
        foreach (var field in new[]
                 {
                     "categories[1].id", "sections[0].rows[1].id", "sections[0].rows[2].id", "sections[0].rows[2].seats",
                     "sections[0].rows[2].categoryId", "sections[1].id", "sections[1].rows", "sections[2].id", "generalAdmission[0].capacity",
                 })
        {
            Assert.True(errors.ContainsKey(field), $"missing error for {field}: {string.Join(", ", errors.Keys)}");
        }
    }

    [Fact]
    public async Task Strings_are_bounded_and_free_of_control_characters()
    {
        var valid = new EventBuilder().Build(Now);
        var errors = await RefusedAsync(valid with
        {
            Name = "Bell\u0007",
            Description = new string('d', 5001),
            Venue = new string('v', 201),
            City = "   ",
        });
        Assert.Equal(new[] { "city", "description", "name", "venue" }, errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_event_needs_something_to_sell_and_at_most_fifty_categories()
    {
        var valid = new EventBuilder().Build(Now);
        Assert.Contains("sections", (await RefusedAsync(valid with { Sections = [], GeneralAdmission = [] })).Keys);
        var many = valid with { Categories = [.. Enumerable.Range(0, 51).Select(i => new PriceCategory($"C{i}", "C", 100))] };
        Assert.Contains("categories", (await RefusedAsync(many)).Keys);
    }

    [Fact]
    public async Task The_largest_allowed_event_is_accepted()
    {
        var largest = new EventBuilder().Build(Now) with
        {
            Categories = [.. Enumerable.Range(0, 49).Select(i => new PriceCategory($"C{i}", "C", 1))],
            Sections = [.. Enumerable.Range(0, 2).Select(s => new SectionDefinition($"S{s}", "S", [.. Enumerable.Range(0, 100).Select(r => new RowDefinition($"R{r}", 500, "C0"))]))],
            GeneralAdmission = [new GeneralAdmissionDefinition("FLOOR", "Standing", 1, 100_000)],
            HoldTtlSeconds = 3600,
            MaxSeatsPerReservation = 100,
        };
        var created = await fixture.Client.GetGrain<IEventGrain>(Ids.New()).CreateAsync("org", largest);
        Assert.True(created.Succeeded, created.Error?.Message);
    }

    [Fact]
    public async Task A_refused_update_leaves_the_draft_as_it_was()
    {
        var id = Ids.New();
        var grain = fixture.Client.GetGrain<IEventGrain>(id);
        var original = new EventBuilder().Build(Now);
        var created = (await grain.CreateAsync("org", original)).Event!;
        var refused = await grain.UpdateAsync("org", false, original with { Name = "", Currency = "EURO" });
        Assert.Equal(new[] { "currency", "name" }, refused.Error!.FieldErrors!.Keys.Order(StringComparer.Ordinal));
        var after = (await grain.GetAsync())!;
        Assert.Equal((original.Name, original.Currency, created.Version), (after.Definition.Name, after.Definition.Currency, after.Version));
    }
}
