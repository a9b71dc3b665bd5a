namespace Ticketing.Tests.Platform;

/// <summary>Test-only grain that says which silo hosts it.</summary>
[Alias("ticketing.tests.ISiloProbeGrain")]
public interface ISiloProbeGrain : IGrainWithStringKey
{
    Task<string> GetSiloAsync();
}
