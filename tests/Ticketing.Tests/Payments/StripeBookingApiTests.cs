using Ticketing.Tests.Api;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ticketing.Common;
using Ticketing.Reservations;
using Ticketing.Seats;
using Ticketing.Tests.Bookings.Support;
using Ticketing.Tests.Infrastructure;
using Ticketing.Tests.Payments.FakeStripe;
using Ticketing.Tests.Payments.Support;

namespace Ticketing.Tests.Payments;

/// <summary>
/// Bookings paid with <c>"paymentMethod": "stripe"</c> through the real API over HTTP, Stripe.net's real client talking
/// to the local fake Stripe, webhooks signed with the endpoint secret and posted to <c>/payments/webhooks/stripe</c>.
/// </summary>
[Collection(StripeApiCollection.Name)]
public sealed class StripeBookingApiTests(StripeApiFixture api)
{
    private const string GoodCard = "pm_card_visa";
    private const string DeclinedCard = "pm_card_chargeDeclined";
    private const string ThreeDSecureCard = "pm_card_authenticationRequired";

    private FakeStripeServer Stripe => api.StripeServer;

    private static HttpRequestMessage Confirm(string reservationId, string key, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/bookings/confirm")
        {
            Content = JsonContent.Create(new { reservationId, paymentMethod = "stripe", paymentToken = token }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status) => response.JsonAsync(status);

    private async Task<(Sale Sale, string User, HttpClient Client)> CustomerWithSaleAsync()
    {
        var sale = await Sale.OpenAsync(api.ClusterClient, TimeProvider.System);
        var user = Ids.New();
        return (sale, user, api.CreateClient(user));
    }

    private async Task<HttpResponseMessage> PostWebhookAsync((string Payload, string Signature) signed)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/payments/webhooks/stripe")
        {
            Content = new StringContent(signed.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signed.Signature);
        return await api.CreateClient().SendAsync(request);
    }

    private static Task<JsonElement> SettledAsync(HttpClient client, string bookingId)
        => Poll.UntilAsync(
            async () => await JsonAsync(await client.GetAsync($"/bookings/{bookingId}"), HttpStatusCode.OK),
            b => b.GetProperty("status").GetString() != "PendingPayment", what: "the webhook to settle the booking");

    [Fact]
    public async Task A_card_needing_3D_Secure_is_202_with_its_client_secret_until_the_signed_succeeded_webhook_confirms_it()
    {
        var (sale, user, client) = await CustomerWithSaleAsync();
        var reservationId = await sale.HoldAsync(user, 1);

        var pending = await JsonAsync(await client.SendAsync(Confirm(reservationId, Ids.New(), ThreeDSecureCard)), HttpStatusCode.Accepted);

        Assert.Equal("PendingPayment", pending.GetProperty("status").GetString());
        var bookingId = pending.GetProperty("id").GetString()!;
        var intentId = pending.GetProperty("payment").GetProperty("transactionId").GetString()!;
        Assert.Equal("stripe", pending.GetProperty("payment").GetProperty("provider").GetString());
        Assert.Equal("Pending", pending.GetProperty("payment").GetProperty("status").GetString());
        var action = pending.GetProperty("paymentAction");
        Assert.Equal("use_stripe_sdk", action.GetProperty("type").GetString());
        var clientSecret = action.GetProperty("clientSecret").GetString()!;
        Assert.Equal(Stripe.ClientSecretOf(intentId), clientSecret);
        // A box office that lost the 202 reads the same action from the booking.
        var read = await JsonAsync(await client.GetAsync($"/bookings/{bookingId}"), HttpStatusCode.OK);
        Assert.Equal(clientSecret, read.GetProperty("paymentAction").GetProperty("clientSecret").GetString());
        Assert.Equal(ReservationStatus.Confirming, (await sale.ReservationAsync(reservationId))!.Status);
        Assert.Equal(SeatStatus.Held, await sale.SeatAsync(1));

        // The customer passes 3-D Secure in Stripe.js; Stripe tells us with a signed event.
        Stripe.CompleteAuthentication(intentId);
        var succeeded = FakeStripeServer.SignedEvent("payment_intent.succeeded", intentId, bookingId, StripeApiFixture.WebhookSecret, DateTimeOffset.UtcNow);
        var delivered = await JsonAsync(await PostWebhookAsync(succeeded), HttpStatusCode.OK);
        Assert.Equal("processed", delivered.GetProperty("status").GetString());

        var booking = await SettledAsync(client, bookingId);
        Assert.Equal("Confirmed", booking.GetProperty("status").GetString());
        Assert.Equal("Succeeded", booking.GetProperty("payment").GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(booking.GetProperty("reference").GetString()));
        Assert.Equal(1, booking.GetProperty("tickets").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, booking.GetProperty("paymentAction").ValueKind);
        Assert.DoesNotContain(clientSecret, booking.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(1));
        Assert.Equal(ReservationStatus.Confirmed, (await sale.ReservationAsync(reservationId))!.Status);
        Assert.Single(Stripe.IntentsFor(bookingId));

        // Stripe redelivers events: the same one again changes nothing.
        Assert.Equal("duplicate", (await JsonAsync(await PostWebhookAsync(succeeded), HttpStatusCode.OK)).GetProperty("status").GetString());
        Assert.Equal("Confirmed", (await JsonAsync(await client.GetAsync($"/bookings/{bookingId}"), HttpStatusCode.OK)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_3D_Secure_payment_that_fails_ends_the_booking_and_gives_the_hold_back()
    {
        var (sale, user, client) = await CustomerWithSaleAsync();
        var reservationId = await sale.HoldAsync(user, 2);
        var pending = await JsonAsync(await client.SendAsync(Confirm(reservationId, Ids.New(), ThreeDSecureCard)), HttpStatusCode.Accepted);
        var bookingId = pending.GetProperty("id").GetString()!;
        var intentId = pending.GetProperty("payment").GetProperty("transactionId").GetString()!;

        var failed = FakeStripeServer.SignedEvent("payment_intent.payment_failed", intentId, bookingId, StripeApiFixture.WebhookSecret, DateTimeOffset.UtcNow);
        Assert.Equal("processed", (await JsonAsync(await PostWebhookAsync(failed), HttpStatusCode.OK)).GetProperty("status").GetString());

        var booking = await SettledAsync(client, bookingId);
        Assert.Equal("Failed", booking.GetProperty("status").GetString());
        Assert.Equal(DomainErrorCodes.PaymentDeclined, booking.GetProperty("failureCode").GetString());
        Assert.Equal(JsonValueKind.Null, booking.GetProperty("paymentAction").ValueKind);
        Assert.Equal(ReservationStatus.Active, (await sale.ReservationAsync(reservationId))!.Status);
        Assert.Equal(SeatStatus.Held, await sale.SeatAsync(2));
    }

    [Fact]
    public async Task A_good_card_is_201_Confirmed_charged_once_under_the_booking_id_and_a_replay_charges_nothing_more()
    {
        var (sale, user, client) = await CustomerWithSaleAsync();
        var reservationId = await sale.HoldAsync(user, 3, 4);
        var key = Ids.New();

        var confirmed = await JsonAsync(await client.SendAsync(Confirm(reservationId, key, GoodCard)), HttpStatusCode.Created);

        var bookingId = confirmed.GetProperty("id").GetString()!;
        Assert.Equal("Confirmed", confirmed.GetProperty("status").GetString());
        Assert.Equal(2 * Sale.Price, confirmed.GetProperty("amount").GetInt64());
        var payment = confirmed.GetProperty("payment");
        Assert.Equal("stripe", payment.GetProperty("provider").GetString());
        Assert.Equal("Succeeded", payment.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, confirmed.GetProperty("paymentAction").ValueKind);
        var intent = Assert.Single(Stripe.IntentsFor(bookingId));
        Assert.Equal(intent.Id, payment.GetProperty("transactionId").GetString());
        Assert.Equal("succeeded", intent.Status);
        // Stripe's idempotency key is the booking attempt's id, never the client's key or the reservation's id.
        Assert.Equal(bookingId, intent.IdempotencyKey);
        Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(3));
        Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(4));

        var replay = await client.SendAsync(Confirm(reservationId, key, GoodCard));
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(confirmed.GetRawText(), (await JsonAsync(replay, HttpStatusCode.Created)).GetRawText());
        Assert.Single(Stripe.IntentsFor(bookingId));
    }

    [Fact]
    public async Task A_declined_card_is_402_payment_declined_as_with_the_mock_and_the_hold_stays_for_another_card()
    {
        var (sale, user, client) = await CustomerWithSaleAsync();
        var reservationId = await sale.HoldAsync(user, 5);

        var declined = await ProblemAssert.HasCodeAsync(await client.SendAsync(Confirm(reservationId, Ids.New(), DeclinedCard)), HttpStatusCode.PaymentRequired, DomainErrorCodes.PaymentDeclined);

        var bookingId = declined.GetProperty("bookingId").GetString()!;
        var booking = await JsonAsync(await client.GetAsync($"/bookings/{bookingId}"), HttpStatusCode.OK);
        Assert.Equal("Failed", booking.GetProperty("status").GetString());
        Assert.Equal("Declined", booking.GetProperty("payment").GetProperty("status").GetString());
        Assert.Equal(DomainErrorCodes.PaymentDeclined, booking.GetProperty("failureCode").GetString());
        Assert.Equal(ReservationStatus.Active, (await sale.ReservationAsync(reservationId))!.Status);
        Assert.Equal(SeatStatus.Held, await sale.SeatAsync(5));
        Assert.Equal("requires_payment_method", Assert.Single(Stripe.IntentsFor(bookingId)).Status);
    }

    [Fact]
    public async Task A_retry_after_a_decline_with_another_card_on_the_same_reservation_is_a_new_charge_under_a_new_key()
    {
        var (sale, user, client) = await CustomerWithSaleAsync();
        var reservationId = await sale.HoldAsync(user, 6);
        var declined = await ProblemAssert.HasCodeAsync(await client.SendAsync(Confirm(reservationId, Ids.New(), DeclinedCard)), HttpStatusCode.PaymentRequired, DomainErrorCodes.PaymentDeclined);
        var declinedId = declined.GetProperty("bookingId").GetString()!;

        // The fake answers idempotency_error to a key reused with other parameters, as Stripe does: had the key been
        // the reservation's, this second card would be refused instead of charged.
        var booked = await JsonAsync(await client.SendAsync(Confirm(reservationId, Ids.New(), GoodCard)), HttpStatusCode.Created);

        var bookedId = booked.GetProperty("id").GetString()!;
        Assert.NotEqual(declinedId, bookedId);
        Assert.Equal("Confirmed", booked.GetProperty("status").GetString());
        var first = Assert.Single(Stripe.IntentsFor(declinedId));
        var second = Assert.Single(Stripe.IntentsFor(bookedId));
        Assert.Equal(declinedId, first.IdempotencyKey);
        Assert.Equal(bookedId, second.IdempotencyKey);
        Assert.Equal("succeeded", second.Status);
        Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(6));
        Assert.Equal(ReservationStatus.Confirmed, (await sale.ReservationAsync(reservationId))!.Status);
    }

    [Fact]
    public async Task An_unknown_payment_method_is_400_listing_the_valid_ones_and_creates_nothing()
    {
        var (sale, user, client) = await CustomerWithSaleAsync();
        var reservationId = await sale.HoldAsync(user, 7);
        var request = new HttpRequestMessage(HttpMethod.Post, "/bookings/confirm")
        {
            Content = JsonContent.Create(new { reservationId, paymentMethod = "paystack", paymentToken = GoodCard }),
        };
        request.Headers.Add("Idempotency-Key", Ids.New());

        var problem = await ProblemAssert.HasCodeAsync(await client.SendAsync(request), HttpStatusCode.BadRequest, DomainErrorCodes.UnknownPaymentMethod);

        Assert.Contains("mock, stripe", problem.GetProperty("detail").GetString() ?? problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(0, (await JsonAsync(await client.GetAsync($"/bookings/user/{user}"), HttpStatusCode.OK)).GetProperty("total").GetInt32());
        Assert.Equal(ReservationStatus.Active, (await sale.ReservationAsync(reservationId))!.Status);
    }

    [Fact]
    public async Task A_charge_rate_limited_past_Stripe_net_retries_is_a_retryable_503_never_a_decline_and_the_retry_charges_once()
    {
        var (sale, user, client) = await CustomerWithSaleAsync();
        var reservationId = await sale.HoldAsync(user, 8);
        var key = Ids.New();

        HttpResponseMessage limited;
        Stripe.StartRateLimiting(shouldRetry: true);
        try
        {
            limited = await client.SendAsync(Confirm(reservationId, key, GoodCard));
        }
        finally
        {
            Stripe.StopRateLimiting();
        }

        // Not charged as far as anyone knows, not declined, not failed, not a 500: the saga stays in its charging step,
        // and the answer says so (503 booking_in_progress with Retry-After), unlike a provider failure that ended it.
        var problem = await ProblemAssert.HasCodeAsync(limited, HttpStatusCode.ServiceUnavailable, DomainErrorCodes.BookingInProgress);
        Assert.Equal("1", limited.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var bookingId = problem.GetProperty("bookingId").GetString()!;
        Assert.True(Stripe.RateLimitedAnswers > 0);
        Assert.Empty(Stripe.IntentsFor(bookingId));
        var waiting = await JsonAsync(await client.GetAsync($"/bookings/{bookingId}"), HttpStatusCode.OK);
        Assert.Equal("PendingPayment", waiting.GetProperty("status").GetString());
        Assert.Equal("Pending", waiting.GetProperty("payment").GetProperty("status").GetString());
        Assert.Equal(ReservationStatus.Confirming, (await sale.ReservationAsync(reservationId))!.Status);

        // The client's retry with the same Idempotency-Key resumes that booking, charging under the same Stripe key.
        var booked = await JsonAsync(await client.SendAsync(Confirm(reservationId, key, GoodCard)), HttpStatusCode.Created);

        Assert.Equal(bookingId, booked.GetProperty("id").GetString());
        Assert.Equal("Confirmed", booked.GetProperty("status").GetString());
        Assert.Equal(bookingId, Assert.Single(Stripe.IntentsFor(bookingId)).IdempotencyKey);
        Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(8));
    }

    private async Task<(Sale Sale, HttpClient Client, string BookingId, string IntentId, long Amount)> ConfirmedWithStripeAsync(params int[] seats)
    {
        var (sale, user, client) = await CustomerWithSaleAsync();
        var confirmed = await JsonAsync(await client.SendAsync(Confirm(await sale.HoldAsync(user, seats), Ids.New(), GoodCard)), HttpStatusCode.Created);
        return (sale, client, confirmed.GetProperty("id").GetString()!, confirmed.GetProperty("payment").GetProperty("transactionId").GetString()!,
            confirmed.GetProperty("amount").GetInt64());
    }

    [Fact]
    public async Task A_full_refund_made_in_Stripe_ends_the_confirmed_booking_as_Refunded_and_puts_its_seats_back_on_sale()
    {
        var (sale, client, bookingId, intentId, amount) = await ConfirmedWithStripeAsync(9, 10);

        // Someone refunds the whole payment in Stripe's dashboard; Stripe sends charge.refunded.
        var refunded = FakeStripeServer.SignedChargeRefunded(intentId, bookingId, amount, amount, StripeApiFixture.WebhookSecret, DateTimeOffset.UtcNow);
        Assert.Equal("processed", (await JsonAsync(await PostWebhookAsync(refunded), HttpStatusCode.OK)).GetProperty("status").GetString());

        var booking = await Poll.UntilAsync(
            async () => await JsonAsync(await client.GetAsync($"/bookings/{bookingId}"), HttpStatusCode.OK),
            b => b.GetProperty("status").GetString() != "Confirmed", what: "the refund to end the booking");
        Assert.Equal("Refunded", booking.GetProperty("status").GetString());
        Assert.Equal("Refunded", booking.GetProperty("payment").GetProperty("status").GetString());
        Assert.Equal("payment_refunded", booking.GetProperty("failureCode").GetString());
        Assert.Equal(0, booking.GetProperty("tickets").GetArrayLength());
        Assert.Equal(SeatStatus.Available, await sale.SeatAsync(9));
        Assert.Equal(SeatStatus.Available, await sale.SeatAsync(10));
        // The money went back in Stripe already: the saga must not refund it a second time.
        Assert.DoesNotContain(intentId, Stripe.Refunds);

        Assert.Equal("duplicate", (await JsonAsync(await PostWebhookAsync(refunded), HttpStatusCode.OK)).GetProperty("status").GetString());
        Assert.Equal("Refunded", (await JsonAsync(await client.GetAsync($"/bookings/{bookingId}"), HttpStatusCode.OK)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_partial_refund_made_in_Stripe_is_acknowledged_and_leaves_the_booking_confirmed_with_its_seats_sold()
    {
        var (sale, client, bookingId, intentId, amount) = await ConfirmedWithStripeAsync(1);

        var partial = FakeStripeServer.SignedChargeRefunded(intentId, bookingId, amount, amount / 5, StripeApiFixture.WebhookSecret, DateTimeOffset.UtcNow);
        Assert.Equal("ignored", (await JsonAsync(await PostWebhookAsync(partial), HttpStatusCode.OK)).GetProperty("status").GetString());

        var booking = await JsonAsync(await client.GetAsync($"/bookings/{bookingId}"), HttpStatusCode.OK);
        Assert.Equal("Confirmed", booking.GetProperty("status").GetString());
        Assert.Equal("Succeeded", booking.GetProperty("payment").GetProperty("status").GetString());
        Assert.Equal(1, booking.GetProperty("tickets").GetArrayLength());
        Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(1));
    }

    [Fact]
    public async Task Unsigned_badly_signed_and_stale_stripe_webhooks_are_400_and_change_nothing()
    {
        var (sale, client, bookingId, intentId, amount) = await ConfirmedWithStripeAsync(1);
        var now = DateTimeOffset.UtcNow;
        var (payload, _) = FakeStripeServer.SignedChargeRefunded(intentId, bookingId, amount, amount, StripeApiFixture.WebhookSecret, now);
        var (_, wrongSecret) = FakeStripeServer.SignedChargeRefunded(intentId, bookingId, amount, amount, "whsec_someone_else", now);
        var stale = FakeStripeServer.SignedChargeRefunded(intentId, bookingId, amount, amount, StripeApiFixture.WebhookSecret, now.AddMinutes(-10));

        await ProblemAssert.HasCodeAsync(await PostWebhookAsync((payload, "")), HttpStatusCode.BadRequest, "invalid_signature");
        await ProblemAssert.HasCodeAsync(await PostWebhookAsync((payload, wrongSecret)), HttpStatusCode.BadRequest, "invalid_signature");
        await ProblemAssert.HasCodeAsync(await PostWebhookAsync(stale), HttpStatusCode.BadRequest, "invalid_signature");

        Assert.Equal("Confirmed", (await JsonAsync(await client.GetAsync($"/bookings/{bookingId}"), HttpStatusCode.OK)).GetProperty("status").GetString());
        Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(1));
    }

    [Fact]
    public async Task A_signed_stripe_event_the_product_does_not_handle_is_acknowledged_as_ignored()
    {
        // Stripe retries anything but a 2xx, so verified events we do not act on are still acknowledged.
        var other = FakeStripeServer.SignedEvent("payment_intent.created", "pi_unhandled", Ids.New(), StripeApiFixture.WebhookSecret, DateTimeOffset.UtcNow);
        Assert.Equal("ignored", (await JsonAsync(await PostWebhookAsync(other), HttpStatusCode.OK)).GetProperty("status").GetString());
    }
}
