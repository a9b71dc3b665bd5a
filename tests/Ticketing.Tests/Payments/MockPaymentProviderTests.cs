using Microsoft.Extensions.DependencyInjection;
using Ticketing.Common;
using Ticketing.Payments;
using Ticketing.Payments.Mock;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Payments;

[Collection(ClusterCollection.Name)]
public sealed class MockPaymentProviderTests(ClusterFixture fixture)
{
    private IPaymentProvider Mock
    {
        get
        {
            var registry = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<IPaymentProviderRegistry>();
            Assert.True(registry.TryGet("MOCK", out var provider));
            return provider;
        }
    }

    private static ChargeRequest Charge(string token, string? key = null) => new(key ?? Ids.New(), 4200, "GBP", "customer", token, "test");

    [Theory]
    [InlineData(MockTokens.Success, ChargeStatus.Succeeded)]
    [InlineData(MockTokens.Decline, ChargeStatus.Declined)]
    [InlineData(MockTokens.Error, ChargeStatus.Failed)]
    [InlineData(MockTokens.Timeout, ChargeStatus.Unknown)]
    [InlineData(MockTokens.Async, ChargeStatus.RequiresAction)]
    [InlineData("tok_made_up", ChargeStatus.Declined)]
    public async Task Each_token_has_its_outcome(string token, ChargeStatus expected)
        => Assert.Equal(expected, (await Mock.ChargeAsync(Charge(token), CancellationToken.None)).Status);

    [Fact]
    public async Task A_timed_out_charge_did_happen_and_the_lookup_says_so()
    {
        var request = Charge(MockTokens.Timeout);
        Assert.Equal(ChargeStatus.Unknown, (await Mock.ChargeAsync(request, CancellationToken.None)).Status);
        Assert.Equal(ChargeStatus.Succeeded, (await Mock.FindChargeAsync(request.IdempotencyKey, CancellationToken.None)).Status);
        Assert.Equal(ChargeStatus.NotFound, (await Mock.FindChargeAsync(Ids.New(), CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Twenty_concurrent_charges_with_one_key_charge_once()
    {
        var request = Charge(MockTokens.Success);
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Mock.ChargeAsync(request, CancellationToken.None)));
        Assert.Single(results.Select(r => r.TransactionId).Distinct());
        var shard = await fixture.Client.GetGrain<IMockPaymentLedgerGrain>(MockLedgerShards.ForKey(request.IdempotencyKey)).GetAsync();
        Assert.Single(shard.Charges, c => c.IdempotencyKey == request.IdempotencyKey);
    }

    [Fact]
    public async Task Refunds_are_idempotent_partial_and_never_exceed_the_charge()
    {
        var charged = await Mock.ChargeAsync(Charge(MockTokens.Success), CancellationToken.None);
        var partial = new RefundRequest("r1-" + Ids.New(), charged.TransactionId!, 1000, "GBP", "test");
        Assert.True((await Mock.RefundAsync(partial, CancellationToken.None)).Succeeded);
        Assert.True((await Mock.RefundAsync(partial, CancellationToken.None)).Succeeded);
        Assert.False((await Mock.RefundAsync(new RefundRequest("r2-" + Ids.New(), charged.TransactionId!, 5000, "GBP", "too much"), CancellationToken.None)).Succeeded);
        Assert.True((await Mock.RefundAsync(new RefundRequest("r3-" + Ids.New(), charged.TransactionId!, null, "GBP", "the rest"), CancellationToken.None)).Succeeded);
        var shard = await fixture.Client.GetGrain<IMockPaymentLedgerGrain>(MockLedgerShards.ForTransaction(charged.TransactionId!)!.Value).GetAsync();
        Assert.Equal(4200, shard.Refunds.Where(r => r.TransactionId == charged.TransactionId).Sum(r => r.Amount));

        var declined = await Mock.ChargeAsync(Charge(MockTokens.Decline), CancellationToken.None);
        Assert.False((await Mock.RefundAsync(new RefundRequest("r4-" + Ids.New(), declined.TransactionId!, null, "GBP", "nothing to refund"), CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task Webhooks_are_verified_and_handled_once()
    {
        var webhook = fixture.Client.GetGrain<IPaymentWebhookGrain>(0);
        var mock = (MockPaymentProvider)Mock;
        var charge = new MockCharge(Ids.New(), MockLedgerShards.NewTransactionId(0), 100, "GBP", MockChargeStatus.Succeeded, MockTokens.Async, DateTimeOffset.UtcNow, null);
        var (payload, headers) = mock.SignedWebhookFor(charge);

        Assert.Equal(WebhookHandling.Processed, (await webhook.HandleAsync("mock", payload, headers)).Handling);
        Assert.Equal(WebhookHandling.Duplicate, (await webhook.HandleAsync("mock", payload, headers)).Handling);
        Assert.Equal(WebhookHandling.UnknownProvider, (await webhook.HandleAsync("paypal", payload, headers)).Handling);
        Assert.Equal(WebhookHandling.InvalidSignature, (await webhook.HandleAsync("mock", payload.Replace("charge.succeeded", "charge.refunded"), headers)).Handling);
        Assert.Equal(WebhookHandling.InvalidSignature, (await webhook.HandleAsync("mock", payload, [])).Handling);

        var stale = new Dictionary<string, string>
        {
            [MockWebhookSignature.Header] = MockWebhookSignature.Create(payload, MockPaymentOptions.DevelopmentWebhookSecret, DateTimeOffset.UtcNow.AddMinutes(-10)),
        };
        Assert.Equal(WebhookHandling.InvalidSignature, (await webhook.HandleAsync("mock", payload, stale)).Handling);
        var garbage = "not json";
        var signedGarbage = new Dictionary<string, string> { [MockWebhookSignature.Header] = MockWebhookSignature.Create(garbage, MockPaymentOptions.DevelopmentWebhookSecret, DateTimeOffset.UtcNow) };
        Assert.Equal(WebhookHandling.InvalidSignature, (await webhook.HandleAsync("mock", garbage, signedGarbage)).Handling);
    }
}
