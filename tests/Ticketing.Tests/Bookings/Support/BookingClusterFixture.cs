using Microsoft.Extensions.DependencyInjection;
using Ticketing.Bookings;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Bookings.Support;

/// <summary>
/// A 2-silo cluster of its own whose booking saga has <see cref="ScriptedBookingFaults"/> injected, so tests can crash
/// it between steps. Being this collection's own cluster, its tests may also move <see cref="ClusterFixture.Time"/>
/// forward (e.g. to let the saga's reminder fire); nothing else shares this clock.
/// </summary>
public sealed class BookingClusterFixture : ClusterFixture
{
    public ScriptedBookingFaults Faults { get; } = new();

    protected override void ConfigureSilo(ISiloBuilder silo)
        => silo.Services.AddSingleton<IBookingFaults>(Faults);
}

[CollectionDefinition(Name)]
public sealed class BookingClusterCollection : ICollectionFixture<BookingClusterFixture>
{
    public const string Name = "bookings cluster";
}
