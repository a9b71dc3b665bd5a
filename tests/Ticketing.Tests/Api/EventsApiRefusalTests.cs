using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ticketing.Api.Auth;
using Ticketing.Common;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Api;

/// <summary>The organizer endpoints' refusals, drafts' visibility, and the seat map following holds.</summary>
[Collection(ApiCollection.Name)]
public sealed class EventsApiRefusalTests(ApiFixture api)
{
    private readonly HttpClient _organizer = api.CreateClient("org-" + Guid.NewGuid().ToString("N")[..8], Roles.Customer, Roles.Organizer);
    private readonly HttpClient _otherOrganizer = api.CreateClient("org-" + Guid.NewGuid().ToString("N")[..8], Roles.Organizer);
    private readonly HttpClient _admin = api.CreateClient("admin-" + Guid.NewGuid().ToString("N")[..8], Roles.Admin);
    private readonly HttpClient _customer = api.CreateClient("cust-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly HttpClient _anonymous = api.CreateClient();

    private async Task<string> CreateAsync(bool publish, object? body = null)
    {
        var (created, json) = await _organizer.SendJsonAsync(HttpMethod.Post, "/events", body ?? ApiEventFactory.Body());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = json!["id"]!.GetValue<string>();
        if (publish)
        {
            Assert.Equal(HttpStatusCode.OK, (await _organizer.SendJsonAsync(HttpMethod.Post, $"/events/{id}/publish")).Response.StatusCode);
        }

        return id;
    }

    [Fact]
    public async Task Updating_a_draft_is_refused_to_anyone_but_its_organizer_and_admins()
    {
        var id = await CreateAsync(publish: false);
        var body = ApiEventFactory.Body(name: "Changed");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _anonymous.SendJsonAsync(HttpMethod.Put, $"/events/{id}", body)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _customer.SendJsonAsync(HttpMethod.Put, $"/events/{id}", body)).Response.StatusCode);
        await ProblemAssert.HasCodeAsync((await _otherOrganizer.SendJsonAsync(HttpMethod.Put, $"/events/{id}", body)).Response, HttpStatusCode.NotFound, DomainErrorCodes.EventNotFound);
        await ProblemAssert.HasCodeAsync((await _organizer.SendJsonAsync(HttpMethod.Put, $"/events/{Ids.New()}", body)).Response, HttpStatusCode.NotFound, DomainErrorCodes.EventNotFound);
        await ProblemAssert.HasCodeAsync((await _organizer.SendJsonAsync(HttpMethod.Put, "/events/NOT-AN-ID", body)).Response, HttpStatusCode.NotFound, DomainErrorCodes.EventNotFound);

        var (byAdmin, changed) = await _admin.SendJsonAsync(HttpMethod.Put, $"/events/{id}", ApiEventFactory.Body(name: "Changed by an admin"));
        Assert.Equal(HttpStatusCode.OK, byAdmin.StatusCode);
        Assert.Equal("Changed by an admin", changed!["name"]!.GetValue<string>());
        Assert.StartsWith("org-", changed["organizerId"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_update_is_400_with_every_error_and_changes_nothing()
    {
        var id = await CreateAsync(publish: false);
        var (response, body) = await _organizer.SendJsonAsync(HttpMethod.Put, $"/events/{id}", new
        {
            name = "Kept?",
            city = "London",
            startsAt = DateTimeOffset.UtcNow.AddDays(10),
            timeZone = "Europe/London",
            currency = "GBP",
            holdTtlSeconds = 7200,
            categories = new[] { new { id = "STALLS", name = "Stalls", price = 100 } },
            sections = new[] { new { id = "ORCH", name = "O", rows = new[] { new { id = "A", seats = 501, categoryId = "STALLS" } } } },
        });
        await ProblemAssert.HasCodeAsync(response, HttpStatusCode.BadRequest, DomainErrorCodes.ValidationFailed);
        var errors = body!["errors"]!.AsObject();
        Assert.Equal(new[] { "holdTtlSeconds", "sections[0].rows[0].seats", "venue" }, errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        var (_, unchanged) = await _organizer.SendJsonAsync(HttpMethod.Get, $"/events/{id}");
        Assert.Equal("Symphony No. 9", unchanged!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Status_changes_out_of_order_are_409_and_strangers_are_kept_out()
    {
        var draft = await CreateAsync(publish: false);
        await ProblemAssert.HasCodeAsync((await _organizer.SendJsonAsync(HttpMethod.Post, $"/events/{draft}/close")).Response, HttpStatusCode.Conflict, DomainErrorCodes.InvalidEventState);
        await ProblemAssert.HasCodeAsync((await _otherOrganizer.SendJsonAsync(HttpMethod.Post, $"/events/{draft}/publish")).Response, HttpStatusCode.NotFound, DomainErrorCodes.EventNotFound);
        Assert.Equal(HttpStatusCode.Forbidden, (await _customer.SendJsonAsync(HttpMethod.Post, $"/events/{draft}/publish")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _anonymous.SendJsonAsync(HttpMethod.Post, $"/events/{draft}/cancel")).Response.StatusCode);

        var (cancelled, body) = await _organizer.SendJsonAsync(HttpMethod.Post, $"/events/{draft}/cancel");
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("Cancelled", body!["status"]!.GetValue<string>());
        await ProblemAssert.HasCodeAsync((await _organizer.SendJsonAsync(HttpMethod.Post, $"/events/{draft}/publish")).Response, HttpStatusCode.Conflict, DomainErrorCodes.InvalidEventState);

        var onSale = await CreateAsync(publish: true);
        await ProblemAssert.HasCodeAsync((await _otherOrganizer.SendJsonAsync(HttpMethod.Post, $"/events/{onSale}/cancel")).Response, HttpStatusCode.Forbidden, DomainErrorCodes.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await _admin.SendJsonAsync(HttpMethod.Post, $"/events/{onSale}/close")).Response.StatusCode);
    }

    [Fact]
    public async Task Admins_see_drafts_and_malformed_ids_are_404()
    {
        var draft = await CreateAsync(publish: false);
        Assert.Equal(HttpStatusCode.OK, (await _admin.SendJsonAsync(HttpMethod.Get, $"/events/{draft}")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _admin.SendJsonAsync(HttpMethod.Get, $"/events/{draft}/seats")).Response.StatusCode);
        await ProblemAssert.HasCodeAsync((await _otherOrganizer.SendJsonAsync(HttpMethod.Get, $"/events/{draft}")).Response, HttpStatusCode.NotFound, DomainErrorCodes.EventNotFound);
        await ProblemAssert.HasCodeAsync((await _anonymous.SendJsonAsync(HttpMethod.Get, "/events/" + new string('a', 31))).Response, HttpStatusCode.NotFound, DomainErrorCodes.EventNotFound);
        await ProblemAssert.HasCodeAsync((await _anonymous.SendJsonAsync(HttpMethod.Get, $"/events/{Ids.New()}/seats")).Response, HttpStatusCode.NotFound, DomainErrorCodes.EventNotFound);
    }

    [Fact]
    public async Task Missing_fields_are_reported_together_with_every_other_mistake()
    {
        var (response, body) = await _organizer.SendJsonAsync(HttpMethod.Post, "/events", new
        {
            name = "No venue",
            city = "London",
            timeZone = "Europe/London",
            currency = "GBP",
            categories = new[] { new { id = "A", name = "A", price = 0 } },
            sections = new[] { new { id = "S-1", name = "S", rows = new[] { new { id = "R", seats = 10, categoryId = "A" } } } },
        });
        await ProblemAssert.HasCodeAsync(response, HttpStatusCode.BadRequest, DomainErrorCodes.ValidationFailed);
        var errors = body!["errors"]!.AsObject();
        Assert.Equal(new[] { "categories[0].price", "sections[0].id", "startsAt", "venue" }, errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal("startsAt is required.", errors["startsAt"]![0]!.GetValue<string>());
    }

    [Theory]
    [InlineData("7")]
    [InlineData("1")]
    [InlineData("\"1\"")]
    [InlineData("\"Sometimes\"")]
    public async Task A_late_payment_policy_given_by_number_or_by_an_unknown_name_is_400_and_creates_or_changes_nothing(string value)
    {
        var id = await CreateAsync(publish: false);

        var (created, _) = await _organizer.SendJsonAsync(HttpMethod.Post, "/events", WithLatePaymentPolicy(ApiEventFactory.Body(name: "Created?"), value));
        await ProblemAssert.HasCodeAsync(created, HttpStatusCode.BadRequest, DomainErrorCodes.ValidationFailed);
        Assert.Null(created.Headers.Location);

        var (updated, _) = await _organizer.SendJsonAsync(HttpMethod.Put, $"/events/{id}", WithLatePaymentPolicy(ApiEventFactory.Body(name: "Changed?"), value));
        await ProblemAssert.HasCodeAsync(updated, HttpStatusCode.BadRequest, DomainErrorCodes.ValidationFailed);
        var (_, unchanged) = await _organizer.SendJsonAsync(HttpMethod.Get, $"/events/{id}");
        Assert.Equal(("Symphony No. 9", "Refund"), (unchanged!["name"]!.GetValue<string>(), unchanged["latePaymentPolicy"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Enums_are_read_by_name_and_written_as_names()
    {
        var (created, body) = await _organizer.SendJsonAsync(HttpMethod.Post, "/events", WithLatePaymentPolicy(ApiEventFactory.Body(), "\"AcceptIfAvailable\""));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(JsonValueKind.String, body!["latePaymentPolicy"]!.GetValueKind());
        Assert.Equal(("AcceptIfAvailable", "Draft"), (body["latePaymentPolicy"]!.GetValue<string>(), body["status"]!.GetValue<string>()));
    }

    /// <summary>The body as raw JSON with <paramref name="json"/> spliced in as is, so numbers reach the API as numbers.</summary>
    private static string WithLatePaymentPolicy(object body, string json)
    {
        var node = JsonSerializer.SerializeToNode(body, JsonSerializerOptions.Web)!.AsObject();
        node["latePaymentPolicy"] = JsonNode.Parse(json);
        return node.ToJsonString();
    }

    [Fact]
    public async Task A_hold_shows_in_the_seat_map_and_the_category_counts_within_a_second()
    {
        var id = await CreateAsync(publish: true);
        var (first, _) = await _anonymous.SendJsonAsync(HttpMethod.Get, $"/events/{id}/seats");
        var (held, _) = await _customer.SendJsonAsync(HttpMethod.Post, "/reservations", new { eventId = id, seatIds = new[] { "ORCH-B-3", "ORCH-B-4" } });
        Assert.Equal(HttpStatusCode.Created, held.StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        JsonNode? map;
        HttpResponseMessage response;
        do
        {
            (response, map) = await _anonymous.SendJsonAsync(HttpMethod.Get, $"/events/{id}/seats");
        }
        while (map!["seats"]!.AsArray().Count(s => s!["status"]!.GetValue<string>() == "held") < 2 && DateTime.UtcNow < deadline && await Delay());

        var statuses = map!["seats"]!.AsArray().ToDictionary(s => s!["id"]!.GetValue<string>(), s => s!["status"]!.GetValue<string>());
        Assert.Equal(("held", "held", "available"), (statuses["ORCH-B-3"], statuses["ORCH-B-4"], statuses["ORCH-B-5"]));
        Assert.NotEqual(first.Headers.ETag, response.Headers.ETag);

        var (_, details) = await _anonymous.SendJsonAsync(HttpMethod.Get, $"/events/{id}");
        var stalls = details!["availability"]!.AsArray().Single(a => a!["categoryId"]!.GetValue<string>() == "STALLS")!;
        Assert.Equal((20, 18, 2, 0), (stalls["total"]!.GetValue<int>(), stalls["available"]!.GetValue<int>(), stalls["held"]!.GetValue<int>(), stalls["sold"]!.GetValue<int>()));

        // An out-of-date ETag gets the whole current map.
        var (stale, _) = await _anonymous.SendJsonAsync(HttpMethod.Get, $"/events/{id}/seats", headers: new Dictionary<string, string> { ["If-None-Match"] = first.Headers.ETag!.ToString() });
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
    }

    [Fact]
    public async Task The_seat_map_is_served_gzipped_to_clients_that_accept_it()
    {
        var id = await CreateAsync(publish: true);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/events/{id}/seats");
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var response = await _anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("gzip", response.Content.Headers.ContentEncoding);
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        var map = await JsonNode.ParseAsync(gzip);
        Assert.Equal(20, map!["seats"]!.AsArray().Count);
        Assert.Equal("Standing", map["generalAdmission"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Search_lists_only_on_sale_events_and_refuses_oversized_filters()
    {
        var word = "Wombat" + Guid.NewGuid().ToString("N")[..6];
        var listed = await CreateAsync(publish: true, ApiEventFactory.Body(name: $"{word} Gala", city: "Hobart"));
        var closed = await CreateAsync(publish: true, ApiEventFactory.Body(name: $"{word} Closed", city: "Hobart"));
        await _organizer.SendJsonAsync(HttpMethod.Post, $"/events/{closed}/close");

        var (_, page) = await _anonymous.SendJsonAsync(HttpMethod.Get, $"/events?q={word}");
        var item = Assert.Single(page!["items"]!.AsArray())!;
        Assert.Equal((listed, "Hobart", "Royal Hall", "OnSale", "GBP"),
            (item["id"]!.GetValue<string>(), item["city"]!.GetValue<string>(), item["venue"]!.GetValue<string>(), item["status"]!.GetValue<string>(), item["currency"]!.GetValue<string>()));
        Assert.Equal(20, page["pageSize"]!.GetValue<int>());

        await ProblemAssert.HasCodeAsync((await _anonymous.SendJsonAsync(HttpMethod.Get, "/events?q=" + new string('q', 201))).Response, HttpStatusCode.BadRequest, DomainErrorCodes.ValidationFailed);
        await ProblemAssert.HasCodeAsync((await _anonymous.SendJsonAsync(HttpMethod.Get, "/events?city=" + new string('c', 201))).Response, HttpStatusCode.BadRequest, DomainErrorCodes.ValidationFailed);
        Assert.Equal(HttpStatusCode.BadRequest, (await _anonymous.SendJsonAsync(HttpMethod.Get, "/events?from=yesterday")).Response.StatusCode);
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(50);
        return true;
    }
}
