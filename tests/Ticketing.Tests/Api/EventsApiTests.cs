using System.Net;
using Ticketing.Api.Auth;
using Ticketing.Common;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class EventsApiTests(ApiFixture api)
{
    private readonly HttpClient _organizer = api.CreateClient("org-" + Guid.NewGuid().ToString("N")[..8], Roles.Customer, Roles.Organizer);
    private readonly HttpClient _customer = api.CreateClient("cust-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly HttpClient _anonymous = api.CreateClient();

    private async Task<string> CreateAsync(object? body = null, bool publish = true)
    {
        var (created, json) = await _organizer.SendJsonAsync(HttpMethod.Post, "/events", body ?? ApiEventFactory.Body());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = json!["id"]!.GetValue<string>();
        Assert.Equal($"/events/{id}", created.Headers.Location?.ToString());
        Assert.Equal("Draft", json["status"]!.GetValue<string>());
        if (publish)
        {
            var (published, p) = await _organizer.SendJsonAsync(HttpMethod.Post, $"/events/{id}/publish");
            Assert.Equal(HttpStatusCode.OK, published.StatusCode);
            Assert.Equal("OnSale", p!["status"]!.GetValue<string>());
        }

        return id;
    }

    [Fact]
    public async Task An_organizer_creates_publishes_closes_and_cancels_an_event()
    {
        var id = await CreateAsync();
        var (get, e) = await _anonymous.SendJsonAsync(HttpMethod.Get, $"/events/{id}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("Royal Hall", e!["venue"]!.GetValue<string>());
        var availability = e["availability"]!.AsArray();
        Assert.Contains(availability, a => a!["categoryId"]!.GetValue<string>() == "STALLS" && a["total"]!.GetValue<int>() == 20 && a["available"]!.GetValue<int>() == 20);
        Assert.Contains(availability, a => a!["categoryId"]!.GetValue<string>() == "FLOOR" && a["total"]!.GetValue<int>() == 50);
        Assert.Equal(HttpStatusCode.OK, (await _organizer.SendJsonAsync(HttpMethod.Post, $"/events/{id}/close")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _organizer.SendJsonAsync(HttpMethod.Post, $"/events/{id}/cancel")).Response.StatusCode);
        var (_, cancelled) = await _anonymous.SendJsonAsync(HttpMethod.Get, $"/events/{id}");
        Assert.Equal("Cancelled", cancelled!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_seat_map_lists_every_seat_with_its_status_and_supports_etags()
    {
        var id = await CreateAsync();
        var (response, map) = await _anonymous.SendJsonAsync(HttpMethod.Get, $"/events/{id}/seats");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(id, map!["eventId"]!.GetValue<string>());
        var seats = map["seats"]!.AsArray();
        Assert.Equal(20, seats.Count);
        Assert.Equal("ORCH-A-1", seats[0]!["id"]!.GetValue<string>());
        Assert.All(seats, s => Assert.Equal("available", s!["status"]!.GetValue<string>()));
        Assert.Equal(50, map["generalAdmission"]![0]!["available"]!.GetValue<int>());

        var etag = response.Headers.ETag!.Tag;
        var (notModified, _) = await _anonymous.SendJsonAsync(HttpMethod.Get, $"/events/{id}/seats", headers: new Dictionary<string, string> { ["If-None-Match"] = etag });
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task A_draft_is_visible_to_its_organizer_only()
    {
        var id = await CreateAsync(publish: false);
        Assert.Equal(HttpStatusCode.OK, (await _organizer.SendJsonAsync(HttpMethod.Get, $"/events/{id}")).Response.StatusCode);
        await ProblemAssert.HasCodeAsync((await _anonymous.SendJsonAsync(HttpMethod.Get, $"/events/{id}")).Response, HttpStatusCode.NotFound, DomainErrorCodes.EventNotFound);
        await ProblemAssert.HasCodeAsync((await _customer.SendJsonAsync(HttpMethod.Get, $"/events/{id}/seats")).Response, HttpStatusCode.NotFound, DomainErrorCodes.EventNotFound);
    }

    [Fact]
    public async Task A_draft_can_be_updated_but_a_published_event_cannot()
    {
        var id = await CreateAsync(publish: false);
        var (updated, body) = await _organizer.SendJsonAsync(HttpMethod.Put, $"/events/{id}", ApiEventFactory.Body(name: "Renamed"));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("Renamed", body!["name"]!.GetValue<string>());
        await _organizer.SendJsonAsync(HttpMethod.Post, $"/events/{id}/publish");
        await ProblemAssert.HasCodeAsync((await _organizer.SendJsonAsync(HttpMethod.Put, $"/events/{id}", ApiEventFactory.Body())).Response, HttpStatusCode.Conflict, DomainErrorCodes.InvalidEventState);
    }

    [Fact]
    public async Task Another_organizer_cannot_manage_the_event()
    {
        var id = await CreateAsync();
        var other = api.CreateClient("org-other", Roles.Organizer);
        await ProblemAssert.HasCodeAsync((await other.SendJsonAsync(HttpMethod.Post, $"/events/{id}/close")).Response, HttpStatusCode.Forbidden, DomainErrorCodes.Forbidden);
    }

    [Fact]
    public async Task Customers_and_anonymous_callers_cannot_create_events()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await _customer.SendJsonAsync(HttpMethod.Post, "/events", ApiEventFactory.Body())).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _anonymous.SendJsonAsync(HttpMethod.Post, "/events", ApiEventFactory.Body())).Response.StatusCode);
    }

    [Fact]
    public async Task An_invalid_event_is_refused_with_every_error_listed()
    {
        var (response, body) = await _organizer.SendJsonAsync(HttpMethod.Post, "/events", new
        {
            name = "",
            venue = "V",
            city = "C",
            startsAt = DateTimeOffset.UtcNow.AddDays(-1),
            timeZone = "Nowhere/Land",
            currency = "XXX",
            categories = new[] { new { id = "A", name = "A", price = -5 } },
            sections = new[] { new { id = "S", name = "S", rows = new[] { new { id = "R", seats = 10, categoryId = "B" } } } },
        });
        await ProblemAssert.HasCodeAsync(response, HttpStatusCode.BadRequest, DomainErrorCodes.ValidationFailed);
        var errors = body!["errors"]!.AsObject();
        foreach (var field in new[] { "name", "startsAt", "timeZone", "currency", "categories[0].price", "sections[0].rows[0].categoryId" })
        {
            Assert.True(errors.ContainsKey(field), field);
        }
    }

    [Fact]
    public async Task Missing_fields_and_malformed_json_are_400_problems()
    {
        var (missing, body) = await _organizer.SendJsonAsync(HttpMethod.Post, "/events", new { name = "Only a name" });
        await ProblemAssert.HasCodeAsync(missing, HttpStatusCode.BadRequest, DomainErrorCodes.ValidationFailed);
        Assert.True(body!["errors"]!.AsObject().ContainsKey("venue"));
        var (malformed, _) = await _organizer.SendJsonAsync(HttpMethod.Post, "/events", "{\"name\": ");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var (wrongType, _) = await _organizer.SendJsonAsync(HttpMethod.Post, "/events", "{\"name\": 5, \"holdTtlSeconds\": \"soon\"}");
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
    }

    [Fact]
    public async Task Unknown_and_malformed_event_ids_are_404()
    {
        await ProblemAssert.HasCodeAsync((await _anonymous.SendJsonAsync(HttpMethod.Get, $"/events/{Ids.New()}")).Response, HttpStatusCode.NotFound, DomainErrorCodes.EventNotFound);
        await ProblemAssert.HasCodeAsync((await _anonymous.SendJsonAsync(HttpMethod.Get, "/events/not-an-id/seats")).Response, HttpStatusCode.NotFound, DomainErrorCodes.EventNotFound);
        await ProblemAssert.HasCodeAsync((await _organizer.SendJsonAsync(HttpMethod.Post, $"/events/{Ids.New()}/publish")).Response, HttpStatusCode.NotFound, DomainErrorCodes.EventNotFound);
    }

    [Fact]
    public async Task The_catalog_searches_on_sale_events_by_text_city_and_date_with_paging()
    {
        var word = "Quokka" + Guid.NewGuid().ToString("N")[..6];
        var first = await CreateAsync(ApiEventFactory.Body(name: $"{word} Night", city: "Perth"));
        var second = await CreateAsync(ApiEventFactory.Body(name: $"{word} Morning", city: "Perth"));
        await CreateAsync(ApiEventFactory.Body(name: $"{word} Draft", city: "Perth"), publish: false);

        var (response, page) = await _anonymous.SendJsonAsync(HttpMethod.Get, $"/events?q={word}&city=perth&pageSize=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, page!["total"]!.GetValue<long>());
        Assert.Single(page["items"]!.AsArray());
        Assert.Equal(1, page["page"]!.GetValue<int>());
        var (_, second_page) = await _anonymous.SendJsonAsync(HttpMethod.Get, $"/events?q={word}&page=2&pageSize=1");
        var ids = new[] { page["items"]![0]!["id"]!.GetValue<string>(), second_page!["items"]![0]!["id"]!.GetValue<string>() };
        Assert.Equal(new[] { first, second }.Order(), ids.Order());

        var (_, none) = await _anonymous.SendJsonAsync(HttpMethod.Get, $"/events?q={word}&to={DateTimeOffset.UtcNow.AddDays(1):O}".Replace("+", "%2B"));
        Assert.Equal(0, none!["total"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("pageSize=101")]
    [InlineData("page=107374184&pageSize=20")]
    [InlineData("page=2147483647")]
    [InlineData("from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z")]
    public async Task Bad_search_parameters_are_400(string query)
        => await ProblemAssert.HasCodeAsync((await _anonymous.SendJsonAsync(HttpMethod.Get, "/events?" + query)).Response, HttpStatusCode.BadRequest, DomainErrorCodes.ValidationFailed);
}
