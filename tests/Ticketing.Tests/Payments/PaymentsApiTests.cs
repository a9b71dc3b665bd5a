using System.Net;
using System.Text;
using Ticketing.Api.Auth;
using Ticketing.Common;
using Ticketing.Payments.Mock;
using Ticketing.Tests.Api;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Payments;

[Collection(ApiCollection.Name)]
public sealed class PaymentsApiTests(ApiFixture api)
{
    private static HttpRequestMessage Webhook(string provider, string payload, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/payments/webhooks/{provider}") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(MockWebhookSignature.Header, signature);
        }

        return request;
    }

    [Fact]
    public async Task A_signed_webhook_is_processed_once_and_replays_are_acknowledged()
    {
        var payload = $$"""{"id":"evt_{{Ids.New()}}","type":"charge.succeeded","transactionId":"mock_ch_0_x","idempotencyKey":"{{Ids.New()}}"}""";
        var signature = MockWebhookSignature.Create(payload, MockPaymentOptions.DevelopmentWebhookSecret, DateTimeOffset.UtcNow);
        var client = api.CreateClient();
        var first = await client.SendAsync(Webhook("mock", payload, signature));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("processed", await first.Content.ReadAsStringAsync());
        var replay = await client.SendAsync(Webhook("mock", payload, signature));
        Assert.Contains("duplicate", await replay.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unsigned_badly_signed_and_unknown_provider_webhooks_are_400_problems()
    {
        var client = api.CreateClient();
        const string payload = """{"id":"evt_1","type":"charge.succeeded","transactionId":"t","idempotencyKey":"k"}""";
        await ProblemAssert.HasCodeAsync(await client.SendAsync(Webhook("mock", payload, null)), HttpStatusCode.BadRequest, "invalid_signature");
        await ProblemAssert.HasCodeAsync(await client.SendAsync(Webhook("mock", payload, "t=1,v1=00")), HttpStatusCode.BadRequest, "invalid_signature");
        await ProblemAssert.HasCodeAsync(await client.SendAsync(Webhook("paystack", payload, "t=1,v1=00")), HttpStatusCode.BadRequest, DomainErrorCodes.UnknownPaymentMethod);
    }

    [Theory]
    [InlineData("t=99999999999999,v1=00")]
    [InlineData("t=1,t=2,v1=00")]
    [InlineData("t=-5,v1=00")]
    [InlineData("t=,v1=")]
    public async Task A_malformed_signature_header_is_a_400_not_a_500(string signature)
    {
        const string payload = """{"id":"evt_2","type":"charge.succeeded","transactionId":"t","idempotencyKey":"k"}""";
        await ProblemAssert.HasCodeAsync(await api.CreateClient().SendAsync(Webhook("mock", payload, signature)), HttpStatusCode.BadRequest, "invalid_signature");
    }

    [Fact]
    public async Task The_ledger_is_for_admins_only()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.CreateClient().GetAsync("/payments/mock/ledger")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.CreateClient("customer-x").GetAsync("/payments/mock/ledger")).StatusCode);
        var (ok, body) = await api.CreateClient("admin-x", Roles.Admin).SendJsonAsync(HttpMethod.Get, "/payments/mock/ledger");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.NotNull(body!["charges"]);
        Assert.NotNull(body["refunds"]);
    }

    [Fact]
    public async Task Settling_needs_a_known_pending_charge()
    {
        var admin = api.CreateClient("admin-y", Roles.Admin);
        await ProblemAssert.HasCodeAsync((await admin.SendJsonAsync(HttpMethod.Post, "/payments/mock/settle", new { transactionId = "x", outcome = "maybe" })).Response, HttpStatusCode.BadRequest, DomainErrorCodes.ValidationFailed);
        await ProblemAssert.HasCodeAsync((await admin.SendJsonAsync(HttpMethod.Post, "/payments/mock/settle", new { transactionId = "mock_ch_0_nothing", outcome = "succeeded" })).Response, HttpStatusCode.NotFound, "charge_not_found");
    }
}
