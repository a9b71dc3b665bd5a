using Orleans.Placement;
using Orleans.Runtime;

namespace Ticketing.Tests.Platform;

// Random placement: the test is about both silos serving grains, not about the default placement policy.
[RandomPlacement]
public sealed class SiloProbeGrain(ILocalSiloDetails silo) : Grain, ISiloProbeGrain
{
    public Task<string> GetSiloAsync() => Task.FromResult(silo.SiloAddress.ToString());
}
