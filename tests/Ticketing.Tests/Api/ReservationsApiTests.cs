using System.Net;
using Ticketing.Api.Auth;
using Ticketing.Common;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class ReservationsApiTests(ApiFixture api)
{
    private readonly string _buyerId = "buyer-" + Guid.NewGuid().ToString("N")[..8];

    private HttpClient Buyer => api.CreateClient(_buyerId);

    private async Task<string> PublishedEventAsync(int holdTtlSeconds = 600)
    {
        var organizer = api.CreateClient("org-" + Guid.NewGuid().ToString("N")[..8], Roles.Organizer);
        var (_, created) = await organizer.SendJsonAsync(HttpMethod.Post, "/events", ApiEventFactory.Body(holdTtlSeconds: holdTtlSeconds));
        var id = created!["id"]!.GetValue<string>();
        await organizer.SendJsonAsync(HttpMethod.Post, $"/events/{id}/publish");
        return id;
    }

    [Fact]
    public async Task A_buyer_holds_seats_reads_extends_and_cancels_the_hold()
    {
        var eventId = await PublishedEventAsync();
        var (created, r) = await Buyer.SendJsonAsync(HttpMethod.Post, "/reservations", new { eventId, seatIds = new[] { "ORCH-A-2", "ORCH-A-1" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = r!["id"]!.GetValue<string>();
        Assert.Equal($"/reservations/{id}", created.Headers.Location?.ToString());
        Assert.Equal("Active", r["status"]!.GetValue<string>());
        Assert.Equal(10000, r["amount"]!.GetValue<long>());
        Assert.Equal("GBP", r["currency"]!.GetValue<string>());
        Assert.Equal(_buyerId, r["userId"]!.GetValue<string>());
        Assert.Equal(new[] { "ORCH-A-1", "ORCH-A-2" }, r["seatIds"]!.AsArray().Select(s => s!.GetValue<string>()));

        var (get, _) = await Buyer.SendJsonAsync(HttpMethod.Get, $"/reservations/{id}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        var (extended, e) = await Buyer.SendJsonAsync(HttpMethod.Post, $"/reservations/{id}/extend", new { seconds = 900 });
        Assert.Equal(HttpStatusCode.OK, extended.StatusCode);
        Assert.True(e!["expiresAt"]!.GetValue<DateTimeOffset>() > r["expiresAt"]!.GetValue<DateTimeOffset>());

        var (cancelled, c) = await Buyer.SendJsonAsync(HttpMethod.Delete, $"/reservations/{id}");
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("Cancelled", c!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await Buyer.SendJsonAsync(HttpMethod.Delete, $"/reservations/{id}")).Response.StatusCode);

        var (list, page) = await Buyer.SendJsonAsync(HttpMethod.Get, $"/reservations/user/{_buyerId}?page=1&pageSize=10");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(1, page!["total"]!.GetValue<long>());
        Assert.Equal(id, page["items"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_taken_seat_is_a_409_listing_the_unavailable_seats_and_nothing_is_held()
    {
        var eventId = await PublishedEventAsync();
        await Buyer.SendJsonAsync(HttpMethod.Post, "/reservations", new { eventId, seatIds = new[] { "ORCH-A-2" } });
        var other = api.CreateClient("other-" + Guid.NewGuid().ToString("N")[..8]);
        var (conflict, body) = await other.SendJsonAsync(HttpMethod.Post, "/reservations", new { eventId, seatIds = new[] { "ORCH-A-1", "ORCH-A-2", "ORCH-A-3" } });
        await ProblemAssert.HasCodeAsync(conflict, HttpStatusCode.Conflict, DomainErrorCodes.SeatUnavailable);
        Assert.Equal(new[] { "ORCH-A-2" }, body!["unavailableSeatIds"]!.AsArray().Select(s => s!.GetValue<string>()));

        var (_, map) = await api.CreateClient().SendJsonAsync(HttpMethod.Get, $"/events/{eventId}/seats");
        Assert.NotEqual("held", map!["seats"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Best_available_and_general_admission_holds_are_made_by_quantity()
    {
        var eventId = await PublishedEventAsync();
        var (best, b) = await Buyer.SendJsonAsync(HttpMethod.Post, "/reservations", new { eventId, categoryId = "STALLS", quantity = 3 });
        Assert.Equal(HttpStatusCode.Created, best.StatusCode);
        Assert.Equal(3, b!["seatIds"]!.AsArray().Count);
        var (ga, g) = await Buyer.SendJsonAsync(HttpMethod.Post, "/reservations", new { eventId, categoryId = "FLOOR", quantity = 2 });
        Assert.Equal(HttpStatusCode.Created, ga.StatusCode);
        Assert.Empty(g!["seatIds"]!.AsArray());
        Assert.Equal("FLOOR", g["categoryId"]!.GetValue<string>());
        Assert.Equal(6000, g["amount"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_keyed_retry_replays_the_first_answer_exactly_even_a_refusal_and_even_after_the_hold_changed()
    {
        var eventId = await PublishedEventAsync();
        var keyed = new Dictionary<string, string> { ["Idempotency-Key"] = "hold-" + Guid.NewGuid() };
        var first = await Buyer.SendJsonAsync(HttpMethod.Post, "/reservations", new { eventId, seatIds = new[] { "ORCH-B-8" } }, keyed);
        var firstBody = await first.Response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, first.Response.StatusCode);

        // The hold is cancelled meanwhile: the replay is still the first answer, not today's state.
        await Buyer.SendJsonAsync(HttpMethod.Delete, $"/reservations/{first.Body!["id"]!.GetValue<string>()}", null);
        var replay = await Buyer.SendJsonAsync(HttpMethod.Post, "/reservations", new { eventId, seatIds = new[] { "ORCH-B-8" } }, keyed);
        Assert.Equal(HttpStatusCode.Created, replay.Response.StatusCode);
        Assert.Equal(firstBody, await replay.Response.Content.ReadAsStringAsync());
        Assert.Equal("true", replay.Response.Headers.GetValues("Idempotent-Replayed").Single());

        // A refusal is an answer too: replayed, not run again once the seat is free.
        using var other = api.CreateClient(Ids.New());
        var taken = await other.SendJsonAsync(HttpMethod.Post, "/reservations", new { eventId, seatIds = new[] { "ORCH-B-9" } });
        Assert.Equal(HttpStatusCode.Created, taken.Response.StatusCode);
        var refusedKey = new Dictionary<string, string> { ["Idempotency-Key"] = "hold-" + Guid.NewGuid() };
        var refused = await Buyer.SendJsonAsync(HttpMethod.Post, "/reservations", new { eventId, seatIds = new[] { "ORCH-B-9" } }, refusedKey);
        await ProblemAssert.HasCodeAsync(refused.Response, HttpStatusCode.Conflict, DomainErrorCodes.SeatUnavailable);
        Assert.Equal(HttpStatusCode.OK, (await other.SendJsonAsync(HttpMethod.Delete, $"/reservations/{taken.Body!["id"]!.GetValue<string>()}", null)).Response.StatusCode);
        var refusedAgain = await Buyer.SendJsonAsync(HttpMethod.Post, "/reservations", new { eventId, seatIds = new[] { "ORCH-B-9" } }, refusedKey);
        Assert.Equal(HttpStatusCode.Conflict, refusedAgain.Response.StatusCode);
        Assert.Equal("true", refusedAgain.Response.Headers.GetValues("Idempotent-Replayed").Single());
    }

    [Fact]
    public async Task The_same_idempotency_key_replays_the_hold_and_a_different_body_is_422()
    {
        var eventId = await PublishedEventAsync();
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "hold-" + Guid.NewGuid() };
        var (first, a) = await Buyer.SendJsonAsync(HttpMethod.Post, "/reservations", new { eventId, seatIds = new[] { "ORCH-B-5" } }, key);
        var (second, b) = await Buyer.SendJsonAsync(HttpMethod.Post, "/reservations", new { eventId, seatIds = new[] { "ORCH-B-5" } }, key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(a!["id"]!.GetValue<string>(), b!["id"]!.GetValue<string>());

        var (reused, _) = await Buyer.SendJsonAsync(HttpMethod.Post, "/reservations", new { eventId, seatIds = new[] { "ORCH-B-6" } }, key);
        await ProblemAssert.HasCodeAsync(reused, HttpStatusCode.UnprocessableEntity, DomainErrorCodes.IdempotencyKeyReused);
        var (tooLong, _) = await Buyer.SendJsonAsync(HttpMethod.Post, "/reservations", new { eventId, seatIds = new[] { "ORCH-B-7" } },
            new Dictionary<string, string> { ["Idempotency-Key"] = new string('k', 256) });
        await ProblemAssert.HasCodeAsync(tooLong, HttpStatusCode.BadRequest, DomainErrorCodes.ValidationFailed);
    }

    [Fact]
    public async Task Another_user_gets_404_for_a_reservation_and_403_for_its_list()
    {
        var eventId = await PublishedEventAsync();
        var (_, r) = await Buyer.SendJsonAsync(HttpMethod.Post, "/reservations", new { eventId, seatIds = new[] { "ORCH-A-9" } });
        var id = r!["id"]!.GetValue<string>();
        var intruder = api.CreateClient("intruder-" + Guid.NewGuid().ToString("N")[..8]);
        await ProblemAssert.HasCodeAsync((await intruder.SendJsonAsync(HttpMethod.Get, $"/reservations/{id}")).Response, HttpStatusCode.NotFound, DomainErrorCodes.ReservationNotFound);
        await ProblemAssert.HasCodeAsync((await intruder.SendJsonAsync(HttpMethod.Delete, $"/reservations/{id}")).Response, HttpStatusCode.NotFound, DomainErrorCodes.ReservationNotFound);
        await ProblemAssert.HasCodeAsync((await intruder.SendJsonAsync(HttpMethod.Post, $"/reservations/{id}/extend", new { seconds = 60 })).Response, HttpStatusCode.NotFound, DomainErrorCodes.ReservationNotFound);
        await ProblemAssert.HasCodeAsync((await intruder.SendJsonAsync(HttpMethod.Get, $"/reservations/user/{_buyerId}")).Response, HttpStatusCode.Forbidden, DomainErrorCodes.Forbidden);
        var admin = api.CreateClient("admin-" + Guid.NewGuid().ToString("N")[..8], Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.SendJsonAsync(HttpMethod.Get, $"/reservations/{id}")).Response.StatusCode);
        Assert.Equal("Active", (await Buyer.SendJsonAsync(HttpMethod.Get, $"/reservations/{id}")).Body!["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"seatIds\":[\"ORCH-A-1\"]}", 400, DomainErrorCodes.ValidationFailed)]
    [InlineData("{\"eventId\":\"EVENT\",\"seatIds\":[]}", 400, DomainErrorCodes.ValidationFailed)]
    [InlineData("{\"eventId\":\"EVENT\",\"seatIds\":[\"ORCH-A-1\",\"ORCH-A-1\"]}", 400, DomainErrorCodes.ValidationFailed)]
    [InlineData("{\"eventId\":\"EVENT\",\"seatIds\":[\"ORCH-Z-1\"]}", 400, DomainErrorCodes.ValidationFailed)]
    [InlineData("{\"eventId\":\"EVENT\",\"seatIds\":[\"ORCH-A-1\"],\"categoryId\":\"STALLS\",\"quantity\":1}", 400, DomainErrorCodes.ValidationFailed)]
    [InlineData("{\"eventId\":\"EVENT\",\"categoryId\":\"STALLS\",\"quantity\":11}", 400, DomainErrorCodes.TooManySeats)]
    [InlineData("{\"eventId\":\"EVENT\",\"seatIds\":[\"ORCH-A-1\",\"ORCH-A-2\",\"ORCH-A-3\",\"ORCH-A-4\",\"ORCH-A-5\",\"ORCH-A-6\",\"ORCH-A-7\",\"ORCH-A-8\",\"ORCH-A-9\",\"ORCH-A-10\",\"ORCH-B-1\"]}", 400, DomainErrorCodes.TooManySeats)]
    [InlineData("{\"eventId\":\"0123456789abcdef0123456789abcdef\",\"seatIds\":[\"ORCH-A-1\"]}", 404, DomainErrorCodes.EventNotFound)]
    [InlineData("{\"eventId\":\"EVENT\",\"seatIds\":[\"ORCH-A-1\"]", 400, DomainErrorCodes.ValidationFailed)]
    [InlineData("{\"eventId\":\"EVENT\",\"quantity\":\"two\"}", 400, DomainErrorCodes.ValidationFailed)]
    public async Task Bad_hold_requests_are_4xx_problems_and_hold_nothing(string body, int status, string code)
    {
        var eventId = await PublishedEventAsync();
        var (response, _) = await Buyer.SendJsonAsync(HttpMethod.Post, "/reservations", body.Replace("EVENT", eventId));
        await ProblemAssert.HasCodeAsync(response, (HttpStatusCode)status, code);
        var (_, map) = await api.CreateClient().SendJsonAsync(HttpMethod.Get, $"/events/{eventId}/seats");
        Assert.All(map!["seats"]!.AsArray(), s => Assert.Equal("available", s!["status"]!.GetValue<string>()));
        var (_, page) = await Buyer.SendJsonAsync(HttpMethod.Get, $"/reservations/user/{_buyerId}");
        Assert.Equal(0, page!["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Holding_on_a_closed_event_is_a_409()
    {
        var eventId = await PublishedEventAsync();
        var organizerless = api.CreateClient("admin-x", Roles.Admin);
        await organizerless.SendJsonAsync(HttpMethod.Post, $"/events/{eventId}/close");
        // The per-silo sale-terms cache may lag by up to a second; the rows refuse at once either way.
        var (response, _) = await Buyer.SendJsonAsync(HttpMethod.Post, "/reservations", new { eventId, seatIds = new[] { "ORCH-A-1" } });
        await ProblemAssert.HasCodeAsync(response, HttpStatusCode.Conflict, DomainErrorCodes.EventNotOnSale);
    }

    [Fact]
    public async Task Anonymous_callers_cannot_hold()
        => Assert.Equal(HttpStatusCode.Unauthorized, (await api.CreateClient().SendJsonAsync(HttpMethod.Post, "/reservations", new { eventId = Ids.New(), seatIds = new[] { "ORCH-A-1" } })).Response.StatusCode);
}
