using Ticketing.Common;
using Ticketing.Payments;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Platform;

[Collection(ClusterCollection.Name)]
public sealed class GrainFactoryExtensionsTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_cached_reference_to_a_string_keyed_grain_is_the_reference_GetGrain_makes()
    {
        var key = $"probe-{Guid.NewGuid():N}";
        var cached = fixture.Client.For<ISiloProbeGrain>(key);
        var plain = fixture.Client.GetGrain<ISiloProbeGrain>(key);

        Assert.Equal(plain.GetGrainId(), cached.GetGrainId());
        Assert.Equal(plain, cached);
        Assert.Equal(await plain.GetSiloAsync(), await cached.GetSiloAsync());
    }

    [Fact]
    public async Task A_cached_reference_to_an_integer_keyed_grain_is_the_reference_GetGrain_makes()
    {
        var cached = fixture.Client.For<IMockPaymentLedgerGrain>(7);
        var plain = fixture.Client.GetGrain<IMockPaymentLedgerGrain>(7);

        Assert.Equal(plain.GetGrainId(), cached.GetGrainId());
        Assert.NotEqual(plain.GetGrainId(), fixture.Client.For<IMockPaymentLedgerGrain>(8).GetGrainId());
        Assert.NotNull(await cached.GetAsync());
    }

    [Fact]
    public void Different_keys_and_interfaces_give_different_grains()
    {
        Assert.NotEqual(fixture.Client.For<ISiloProbeGrain>("a").GetGrainId(), fixture.Client.For<ISiloProbeGrain>("b").GetGrainId());
        Assert.NotEqual(fixture.Client.For<ISiloProbeGrain>("a").GetGrainId().Type, fixture.Client.For<Ticketing.Events.IEventGrain>("a").GetGrainId().Type);
        Assert.Throws<ArgumentNullException>(() => fixture.Client.For<ISiloProbeGrain>(null!));
    }
}
