using Microsoft.Extensions.DependencyInjection;
using Ticketing.Bookings;
using Ticketing.Payments;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Bookings.Support;

/// <summary>
/// A 2-silo cluster of its own whose booking saga has <see cref="ScriptedBookingFaults"/> injected, so tests can crash
/// it between steps. The saga's backstop reminder first fires after 3 seconds here (a minute in production), so a
/// test can watch it resume a crashed saga.
/// </summary>
public sealed class BookingClusterFixture : ClusterFixture
{
    public ScriptedBookingFaults Faults { get; } = new();

    public ScriptedBookingReferences References { get; } = new();

    public SingleUseCardProvider SingleUseCards { get; } = new();

    public ScriptedCardProvider ScriptedCards { get; } = new();

    public WithdrawableProviders Providers { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Ticketing:Bookings:ResumeAfterSeconds", "3")];

    protected override void ConfigureSilo(ISiloBuilder silo)
    {
        silo.Services.AddSingleton<IBookingFaults>(Faults);
        silo.Services.AddSingleton<IBookingReferences>(References);
        silo.Services.AddSingleton(SingleUseCards);
        silo.Services.AddPaymentProvider<SingleUseCardProvider>(SingleUseCardProvider.MethodName);
        silo.Services.AddSingleton(ScriptedCards);
        silo.Services.AddPaymentProvider<ScriptedCardProvider>(ScriptedCardProvider.MethodName);
        silo.Services.AddSingleton(sp => Providers.Over(ActivatorUtilities.CreateInstance<PaymentProviderRegistry>(sp)));
    }
}

[CollectionDefinition(Name)]
public sealed class BookingClusterCollection : ICollectionFixture<BookingClusterFixture>
{
    public const string Name = "bookings cluster";
}
