namespace Ticketing.Common;

/// <summary>
/// Grain references for string-keyed grains without the per-call reflection of <c>GetGrain&lt;T&gt;(string)</c>.
/// Orleans 10 resolves the interface's grain interface type on every <c>GetGrain</c> call (custom attributes and
/// type-name formatting, uncached); under a flash sale that was about a tenth of the server's CPU. The grain type
/// and interface type of an interface never change in a process, so they are resolved once per interface.
/// </summary>
public static class GrainFactoryExtensions
{
    public static T For<T>(this IGrainFactory grains, string key)
        where T : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(key);
        var types = ResolvedTypes<T>.Value ??= Resolve<T>(grains);
        return (T)grains.GetGrain(GrainId.Create(types.GrainType, key), types.InterfaceType);
    }

    public static T For<T>(this IGrainFactory grains, long key)
        where T : IGrainWithIntegerKey
    {
        ArgumentNullException.ThrowIfNull(grains);
        var types = ResolvedTypes<T>.Value ??= Resolve<T>((GrainReference)(object)grains.GetGrain<T>(0));
        return (T)grains.GetGrain(GrainId.Create(types.GrainType, GrainIdKeyExtensions.CreateIntegerKey(key)), types.InterfaceType);
    }

    private static GrainTypes Resolve<T>(IGrainFactory grains)
        where T : IGrainWithStringKey
        => Resolve<T>((GrainReference)(object)grains.GetGrain<T>("type-probe"));

    private static GrainTypes Resolve<T>(GrainReference probe) => new(probe.GrainId.Type, probe.InterfaceType);

    private sealed record GrainTypes(GrainType GrainType, GrainInterfaceType InterfaceType);

    private static class ResolvedTypes<T>
    {
        // A benign race: two threads may resolve at once and store equal values.
        public static GrainTypes? Value;
    }
}
