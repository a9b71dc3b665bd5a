using Ticketing.Tests.Infrastructure;
using Ticketing.Tests.Payments.FakeStripe;

namespace Ticketing.Tests.Payments.Support;

/// <summary>
/// The real API host (embedded silo) with the <c>stripe</c> provider enabled as in production, configuration only,
/// except that its API base is a local <see cref="FakeStripeServer"/>: Stripe.net's real client, no network.
/// </summary>
public class StripeApiFixture : ApiFixture
{
    public const string WebhookSecret = "whsec_api_tests_secret";

    public FakeStripeServer StripeServer { get; private set; } = null!;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Payments:Stripe:Enabled", "true"),
        new("Payments:Stripe:SecretKey", "sk_test_fake"),
        new("Payments:Stripe:WebhookSecret", WebhookSecret),
        new("Payments:Stripe:ApiBase", StripeServer.BaseUrl),
    ];

    public override async Task InitializeAsync()
    {
        // Before the host: the provider reads its API base from the settings at start-up.
        StripeServer = await FakeStripeServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await StripeServer.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class StripeApiCollection : ICollectionFixture<StripeApiFixture>
{
    public const string Name = "stripe api";
}
