using Ticketing.Tests.Api;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ticketing.Api.Auth;
using Ticketing.Common;
using Ticketing.Events;
using Ticketing.Tests.Bookings.Support;
using Ticketing.Tests.Builders;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Bookings;

[Collection(BookingApiCollection.Name)]
public sealed class BookingApiTests(BookingApiFixture api)
{
    private static HttpRequestMessage Confirm(string reservationId, string? key, string token = MockTokens.Success, string method = "mock")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/bookings/confirm")
        {
            Content = JsonContent.Create(new { reservationId, paymentMethod = method, paymentToken = token }),
        };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return request;
    }

    private static Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status) => response.JsonAsync(status);

    private async Task<(Sale Sale, string User, HttpClient Client)> CustomerWithSaleAsync()
    {
        var sale = await Sale.OpenAsync(api.ClusterClient, TimeProvider.System);
        var user = Ids.New();
        return (sale, user, api.CreateClient(user));
    }

    [Fact]
    public async Task Confirming_answers_201_with_the_booking_shape_and_the_owner_can_read_it_every_way()
    {
        var (sale, user, client) = await CustomerWithSaleAsync();
        var reservationId = await sale.HoldAsync(user, 1, 2);

        var created = await JsonAsync(await client.SendAsync(Confirm(reservationId, Ids.New())), HttpStatusCode.Created);

        var id = created.GetProperty("id").GetString()!;
        var reference = created.GetProperty("reference").GetString()!;
        Assert.Matches("^BK-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$", reference);
        Assert.Equal("Confirmed", created.GetProperty("status").GetString());
        Assert.Equal(reservationId, created.GetProperty("reservationId").GetString());
        Assert.Equal(sale.EventId, created.GetProperty("eventId").GetString());
        Assert.Equal(user, created.GetProperty("userId").GetString());
        Assert.Equal(["ORCH-A-1", "ORCH-A-2"], created.GetProperty("seatIds").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(2 * Sale.Price, created.GetProperty("amount").GetInt64());
        Assert.Equal("GBP", created.GetProperty("currency").GetString());
        var payment = created.GetProperty("payment");
        Assert.Equal("mock", payment.GetProperty("provider").GetString());
        Assert.False(string.IsNullOrEmpty(payment.GetProperty("transactionId").GetString()));
        Assert.Equal("Succeeded", payment.GetProperty("status").GetString());
        Assert.True(created.TryGetProperty("createdAt", out _));
        Assert.Equal(2, created.GetProperty("tickets").GetArrayLength());

        Assert.Equal(id, (await JsonAsync(await client.GetAsync($"/bookings/{id}"), HttpStatusCode.OK)).GetProperty("id").GetString());
        Assert.Equal(id, (await JsonAsync(await client.GetAsync($"/bookings/reference/{reference.ToLowerInvariant()}"), HttpStatusCode.OK)).GetProperty("id").GetString());
        var page = await JsonAsync(await client.GetAsync($"/bookings/user/{user}?page=1&pageSize=10"), HttpStatusCode.OK);
        Assert.Equal(1, page.GetProperty("total").GetInt32());
        Assert.Equal(id, page.GetProperty("items")[0].GetProperty("id").GetString());

        var stranger = api.CreateClient(Ids.New());
        await ProblemAssert.HasCodeAsync(await stranger.GetAsync($"/bookings/{id}"), HttpStatusCode.NotFound, DomainErrorCodes.BookingNotFound);
        await ProblemAssert.HasCodeAsync(await stranger.GetAsync($"/bookings/reference/{reference}"), HttpStatusCode.NotFound, DomainErrorCodes.BookingNotFound);
        await ProblemAssert.HasCodeAsync(await stranger.GetAsync($"/bookings/user/{user}"), HttpStatusCode.Forbidden, DomainErrorCodes.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient(Ids.New(), Roles.Admin).GetAsync($"/bookings/{id}")).StatusCode);
        await ProblemAssert.HasCodeAsync(await client.GetAsync("/bookings/not-an-id"), HttpStatusCode.NotFound, DomainErrorCodes.BookingNotFound);

        await LedgerReconciliation.AssertReconciledAsync(api, [id]);
    }

    [Fact]
    public async Task The_same_key_sent_50_times_at_once_books_and_charges_once_and_answers_alike()
    {
        var (sale, user, client) = await CustomerWithSaleAsync();
        var reservationId = await sale.HoldAsync(user, 3);
        var key = "checkout-" + Ids.New();

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.SendAsync(Confirm(reservationId, key))));

        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.All(responses, (r, i) => Assert.True(r.StatusCode == HttpStatusCode.Created, $"{(int)r.StatusCode}: {bodies[i]}"));
        Assert.Single(bodies.Distinct());
        Assert.Equal(49, responses.Count(r => r.Headers.TryGetValues("Idempotent-Replayed", out var v) && v.Single() == "true"));
        var id = JsonDocument.Parse(bodies[0]).RootElement.GetProperty("id").GetString()!;
        var page = await JsonAsync(await client.GetAsync($"/bookings/user/{user}"), HttpStatusCode.OK);
        Assert.Equal(1, page.GetProperty("total").GetInt32());
        await LedgerReconciliation.AssertReconciledAsync(api, [id], expectedCharges: 1);
    }

    [Fact]
    public async Task The_idempotency_key_is_required_well_formed_and_bound_to_its_body()
    {
        var (sale, user, client) = await CustomerWithSaleAsync();
        var reservationId = await sale.HoldAsync(user, 4);

        await ProblemAssert.HasCodeAsync(await client.SendAsync(Confirm(reservationId, null)), HttpStatusCode.BadRequest, DomainErrorCodes.ValidationFailed);
        await ProblemAssert.HasCodeAsync(await client.SendAsync(Confirm(reservationId, new string('k', 256))), HttpStatusCode.BadRequest, DomainErrorCodes.ValidationFailed);

        var key = Ids.New();
        // Refused before anything is recorded, so the key is still fresh afterwards.
        await ProblemAssert.HasCodeAsync(await client.SendAsync(Confirm(reservationId, key, method: "bitcoin")), HttpStatusCode.BadRequest, DomainErrorCodes.UnknownPaymentMethod);
        await JsonAsync(await client.SendAsync(Confirm(reservationId, key, MockTokens.Decline)), HttpStatusCode.PaymentRequired);

        await ProblemAssert.HasCodeAsync(await client.SendAsync(Confirm(reservationId, key, MockTokens.Success)), HttpStatusCode.UnprocessableEntity, DomainErrorCodes.IdempotencyKeyReused);
    }

    [Fact]
    public async Task A_declined_card_is_402_replayed_for_the_same_key_and_a_new_key_with_another_card_books()
    {
        var (sale, user, client) = await CustomerWithSaleAsync();
        var reservationId = await sale.HoldAsync(user, 5);
        var key = Ids.New();

        var declined = await client.SendAsync(Confirm(reservationId, key, MockTokens.Decline));
        var problem = await ProblemAssert.HasCodeAsync(declined, HttpStatusCode.PaymentRequired, DomainErrorCodes.PaymentDeclined);
        var declinedId = problem.GetProperty("bookingId").GetString()!;
        Assert.False(declined.Headers.Contains("Idempotent-Replayed"));

        var replay = await client.SendAsync(Confirm(reservationId, key, MockTokens.Decline));
        Assert.Equal(HttpStatusCode.PaymentRequired, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(problem.GetRawText(), JsonDocument.Parse(await replay.Content.ReadAsStringAsync()).RootElement.GetRawText());

        var booked = await JsonAsync(await client.SendAsync(Confirm(reservationId, Ids.New())), HttpStatusCode.Created);
        Assert.NotEqual(declinedId, booked.GetProperty("id").GetString());
        await LedgerReconciliation.AssertReconciledAsync(api, [declinedId, booked.GetProperty("id").GetString()!]);
    }

    [Fact]
    public async Task A_provider_error_is_502_and_not_stored_so_a_retry_runs_again()
    {
        var (sale, user, client) = await CustomerWithSaleAsync();
        var reservationId = await sale.HoldAsync(user, 6);
        var key = Ids.New();

        var first = await ProblemAssert.HasCodeAsync(await client.SendAsync(Confirm(reservationId, key, MockTokens.Error)), HttpStatusCode.BadGateway, DomainErrorCodes.PaymentProviderError);
        var retry = await client.SendAsync(Confirm(reservationId, key, MockTokens.Error));
        var second = await ProblemAssert.HasCodeAsync(retry, HttpStatusCode.BadGateway, DomainErrorCodes.PaymentProviderError);

        Assert.False(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(first.GetProperty("bookingId").GetString(), second.GetProperty("bookingId").GetString());
        await LedgerReconciliation.AssertReconciledAsync(api, [first.GetProperty("bookingId").GetString()!, second.GetProperty("bookingId").GetString()!]);
    }

    [Fact]
    public async Task Nobody_confirms_a_reservation_that_is_not_theirs()
    {
        var (sale, user, _) = await CustomerWithSaleAsync();
        var reservationId = await sale.HoldAsync(user, 7);
        var stranger = api.CreateClient(Ids.New());

        await ProblemAssert.HasCodeAsync(await stranger.SendAsync(Confirm(reservationId, Ids.New())), HttpStatusCode.NotFound, DomainErrorCodes.ReservationNotFound);
        await ProblemAssert.HasCodeAsync(await stranger.SendAsync(Confirm("nope", Ids.New())), HttpStatusCode.NotFound, DomainErrorCodes.ReservationNotFound);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.CreateClient().SendAsync(Confirm(reservationId, Ids.New()))).StatusCode);
    }

    [Fact]
    public async Task An_asynchronous_payment_is_202_pending_until_the_signed_mock_webhook_confirms_it()
    {
        var (sale, user, client) = await CustomerWithSaleAsync();
        var reservationId = await sale.HoldAsync(user, 8);

        var pending = await JsonAsync(await client.SendAsync(Confirm(reservationId, Ids.New(), MockTokens.Async)), HttpStatusCode.Accepted);

        Assert.Equal("PendingPayment", pending.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, pending.GetProperty("reference").ValueKind);
        var id = pending.GetProperty("id").GetString()!;
        var transactionId = pending.GetProperty("payment").GetProperty("transactionId").GetString();

        var settled = await api.CreateClient(Ids.New(), Roles.Admin).PostAsJsonAsync("/payments/mock/settle", new { transactionId, outcome = "succeeded" });
        Assert.True(settled.IsSuccessStatusCode, await settled.Content.ReadAsStringAsync());

        var booking = await Poll.UntilAsync(
            async () => await JsonAsync(await client.GetAsync($"/bookings/{id}"), HttpStatusCode.OK),
            b => b.GetProperty("status").GetString() != "PendingPayment", what: "the webhook to settle the booking");
        Assert.Equal("Confirmed", booking.GetProperty("status").GetString());
        Assert.Equal(1, booking.GetProperty("tickets").GetArrayLength());
        await LedgerReconciliation.AssertReconciledAsync(api, [id], expectedCharges: 1);
    }

    [Fact]
    public async Task Cancel_ticket_checks_and_event_refunds_are_guarded_by_role_and_ownership()
    {
        var (sale, user, client) = await CustomerWithSaleAsync();
        var booking = await JsonAsync(await client.SendAsync(Confirm(await sale.HoldAsync(user, 9), Ids.New())), HttpStatusCode.Created);
        var id = booking.GetProperty("id").GetString()!;
        var code = booking.GetProperty("tickets")[0].GetProperty("code").GetString()!;
        var organizer = api.CreateClient(sale.OrganizerId, Roles.Organizer);
        var otherOrganizer = api.CreateClient(Ids.New(), Roles.Organizer);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/tickets/verify", new { code })).StatusCode);
        var valid = await JsonAsync(await organizer.PostAsJsonAsync("/tickets/verify", new { code }), HttpStatusCode.OK);
        Assert.True(valid.GetProperty("valid").GetBoolean());
        Assert.Equal("ORCH-A-9", valid.GetProperty("seatId").GetString());
        Assert.False((await JsonAsync(await otherOrganizer.PostAsJsonAsync("/tickets/verify", new { code }), HttpStatusCode.OK)).GetProperty("valid").GetBoolean());
        Assert.False((await JsonAsync(await organizer.PostAsJsonAsync("/tickets/verify", new { code = "TK1.garbage" }), HttpStatusCode.OK)).GetProperty("valid").GetBoolean());

        await ProblemAssert.HasCodeAsync(await api.CreateClient(Ids.New()).PostAsync($"/bookings/{id}/cancel", null), HttpStatusCode.NotFound, DomainErrorCodes.BookingNotFound);
        var cancelled = await JsonAsync(await client.PostAsync($"/bookings/{id}/cancel", null), HttpStatusCode.OK);
        Assert.Equal("Cancelled", cancelled.GetProperty("status").GetString());
        Assert.False((await JsonAsync(await organizer.PostAsJsonAsync("/tickets/verify", new { code }), HttpStatusCode.OK)).GetProperty("valid").GetBoolean());

        await ProblemAssert.HasCodeAsync(await organizer.PostAsync($"/events/{sale.EventId}/refunds", null), HttpStatusCode.Conflict, DomainErrorCodes.InvalidEventState);
        await ProblemAssert.HasCodeAsync(await otherOrganizer.GetAsync($"/events/{sale.EventId}/refunds"), HttpStatusCode.Forbidden, DomainErrorCodes.Forbidden);
        Assert.True((await api.ClusterClient.GetGrain<IEventGrain>(sale.EventId).CancelAsync(sale.OrganizerId, false)).Succeeded);
        var started = await JsonAsync(await organizer.PostAsync($"/events/{sale.EventId}/refunds", null), HttpStatusCode.Accepted);
        Assert.True(started.GetProperty("started").GetBoolean());
        await LedgerReconciliation.AssertReconciledAsync(api, [id]);
    }

    [Fact]
    public async Task Another_organizers_draft_has_no_refunds_to_show_it_does_not_exist_for_them()
    {
        var owner = Ids.New();
        var draft = await new EventBuilder().DraftAsync(api.ClusterClient, DateTimeOffset.UtcNow, owner);
        var stranger = api.CreateClient(Ids.New(), Roles.Organizer);

        await ProblemAssert.HasCodeAsync(await stranger.GetAsync($"/events/{draft}/refunds"), HttpStatusCode.NotFound, DomainErrorCodes.EventNotFound);
        await ProblemAssert.HasCodeAsync(await stranger.PostAsync($"/events/{draft}/refunds", null), HttpStatusCode.NotFound, DomainErrorCodes.EventNotFound);
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient(owner, Roles.Organizer).GetAsync($"/events/{draft}/refunds")).StatusCode);
    }
}
