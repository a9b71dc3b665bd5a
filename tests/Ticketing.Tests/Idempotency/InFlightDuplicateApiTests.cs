using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ticketing.Common;
using Ticketing.Tests.Bookings.Support;
using Ticketing.Tests.Infrastructure;
using Ticketing.Tests.Payments.Support;

namespace Ticketing.Tests.Idempotency;

/// <summary>The Stripe API fixture with a short in-flight wait, so a repeat can outlast it while a slow charge runs.</summary>
public sealed class ShortInFlightWaitApiFixture : StripeApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [.. base.Settings, new("Ticketing:Idempotency:InFlightWaitSeconds", "1")];
}

/// <summary>
/// SPEC section 7 over HTTP: a repeat of a confirmation that is still running (Stripe takes 5 s to answer the charge)
/// waits at most the configured time, then gets 409 idempotency_in_flight with Retry-After; it never runs the saga a
/// second time, and once the first is done the same key replays its answer.
/// </summary>
public sealed class InFlightDuplicateApiTests(ShortInFlightWaitApiFixture api) : IClassFixture<ShortInFlightWaitApiFixture>
{
    private const string SlowCard = "pm_card_slow";

    private static HttpRequestMessage Confirm(string reservationId, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/bookings/confirm")
        {
            Content = JsonContent.Create(new { reservationId, paymentMethod = "stripe", paymentToken = SlowCard }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task A_repeat_while_the_first_is_charging_is_409_with_retry_after_and_later_replays_the_one_booking()
    {
        var sale = await Sale.OpenAsync(api.ClusterClient, TimeProvider.System);
        var user = Ids.New();
        var client = api.CreateClient(user);
        var reservationId = await sale.HoldAsync(user, 1);
        var key = Ids.New();
        var intentsBefore = api.StripeServer.IntentsCreated;

        var first = client.SendAsync(Confirm(reservationId, key));
        await Poll.UntilAsync(() => Task.FromResult(api.StripeServer.IntentsCreated), n => n > intentsBefore, what: "the first confirmation to reach Stripe");
        using var repeat = await client.SendAsync(Confirm(reservationId, key));

        await ProblemAssert.HasCodeAsync(repeat, HttpStatusCode.Conflict, "idempotency_in_flight");
        Assert.Equal(TimeSpan.FromSeconds(1), repeat.Headers.RetryAfter?.Delta);

        using var answered = await first;
        var booking = JsonDocument.Parse(await answered.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.Created, answered.StatusCode);
        Assert.Equal("Confirmed", booking.GetProperty("status").GetString());

        using var replay = await client.SendAsync(Confirm(reservationId, key));
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(booking.GetProperty("id").GetString(), JsonDocument.Parse(await replay.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString());
        Assert.Single(api.StripeServer.IntentsFor(booking.GetProperty("id").GetString()!));
    }
}
