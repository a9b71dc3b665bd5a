using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Ticketing.Bookings;
using Ticketing.Common;
using Ticketing.Seats;
using Ticketing.Tests.Bookings.Support;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Bookings;

/// <summary>
/// The saga's backstop reminder in the embedded host, whose reminders live and die with its process: registered when
/// a call leaves a saga unfinished or fails, never for the saga that finishes in its own call (nearly every booking),
/// and still resuming what a failed call left behind. The cluster's reminder, stored before the charge, is checked
/// beside it.
/// </summary>
[Collection(EmbeddedBackstopCollection.Name)]
public sealed class BookingBackstopTests(EmbeddedBackstopFixture api)
{
    private IGrainFactory Grains => api.ClusterClient;

    private Task<BookingResult> ConfirmAsync(string bookingId, string userId, string reservationId, string token = MockTokens.Success)
        => Grains.ConfirmWithMockAsync(bookingId, userId, reservationId, token);

    private async Task<IList<ReminderEntry>> RemindersOfAsync(IReminderTable table, string bookingId)
        => (await table.ReadRows(Grains.GetGrain<IBookingGrain>(bookingId).GetGrainId())).Reminders;

    private IReminderTable Reminders => api.Services.GetRequiredService<IReminderTable>();

    [Fact]
    public async Task A_booking_that_finishes_in_its_own_call_never_has_a_backstop_reminder()
    {
        var sale = await Sale.OpenAsync(Grains, TimeProvider.System);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 1);
        var bookingId = Ids.New();
        var charged = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        api.Faults.RunAt(BookingFaultPoints.AfterChargeBeforeSell, bookingId, async () =>
        {
            charged.SetResult();
            await release.Task;
        });

        var confirm = ConfirmAsync(bookingId, user, reservationId);
        await charged.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var whileCharged = await RemindersOfAsync(Reminders, bookingId);
        release.SetResult();

        Assert.Equal(BookingStatus.Confirmed, (await confirm).Booking!.Status);
        Assert.Empty(whileCharged);
        Assert.Empty(await RemindersOfAsync(Reminders, bookingId));
    }

    [Fact]
    public async Task A_call_that_fails_after_the_charge_leaves_a_backstop_that_finishes_the_booking()
    {
        var sale = await Sale.OpenAsync(Grains, TimeProvider.System);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 2);
        var bookingId = Ids.New();
        api.Faults.CrashAt(BookingFaultPoints.AfterChargeBeforeSell, bookingId);

        await Assert.ThrowsAnyAsync<Exception>(() => ConfirmAsync(bookingId, user, reservationId));
        Assert.Single(await RemindersOfAsync(Reminders, bookingId));

        // Nobody calls again: the reminder (first due after a second here) resumes the saga from its stored phase.
        var booking = await Poll.UntilAsync(() => Grains.GetGrain<IBookingGrain>(bookingId).GetAsync(), b => b?.Status == BookingStatus.Confirmed,
            TimeSpan.FromSeconds(30), "the backstop to confirm the booking");
        Assert.Equal(SeatStatus.Sold, await sale.SeatAsync(2));
        await LedgerReconciliation.AssertReconciledAsync(api, [booking!.Id], expectedCharges: 1);
        await Poll.UntilAsync(() => RemindersOfAsync(Reminders, bookingId), r => r.Count == 0, TimeSpan.FromSeconds(20), "the finished saga to remove its reminder");
    }

    [Fact]
    public async Task A_payment_still_awaited_when_the_call_returns_keeps_a_backstop_to_poll_it()
    {
        var sale = await Sale.OpenAsync(Grains, TimeProvider.System);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 3);
        var bookingId = Ids.New();

        var result = await ConfirmAsync(bookingId, user, reservationId, MockTokens.Async);

        Assert.Equal(BookingStatus.PendingPayment, result.Booking!.Status);
        Assert.Single(await RemindersOfAsync(Reminders, bookingId));
    }
}

/// <summary>The cluster keeps the reminder it stores before any money moves: a silo lost mid-payment leaves it to another.</summary>
[Collection(BookingClusterCollection.Name)]
public sealed class ClusterBookingBackstopTests(BookingClusterFixture fixture)
{
    [Fact]
    public async Task A_clusters_backstop_reminder_exists_while_the_charge_is_made()
    {
        var grains = fixture.Client;
        var sale = await Sale.OpenAsync(grains, fixture.Time);
        var user = Ids.New();
        var reservationId = await sale.HoldAsync(user, 4);
        var bookingId = Ids.New();
        var charged = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        fixture.Faults.RunAt(BookingFaultPoints.AfterChargeBeforeSell, bookingId, async () =>
        {
            charged.SetResult();
            await release.Task;
        });

        var confirm = grains.ConfirmWithMockAsync(bookingId, user, reservationId);
        await charged.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var table = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>();
        var whileCharged = (await table.ReadRows(grains.GetGrain<IBookingGrain>(bookingId).GetGrainId())).Reminders;
        release.SetResult();

        Assert.Equal(BookingStatus.Confirmed, (await confirm).Booking!.Status);
        Assert.Single(whileCharged);
    }
}

/// <summary>The embedded host with the saga's fault seam, its backstop first due a second after it is set.</summary>
public sealed class EmbeddedBackstopFixture : ApiFixture
{
    public ScriptedBookingFaults Faults { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Ticketing:Bookings:ResumeAfterSeconds", "1")];

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IBookingFaults>(Faults);
}

[CollectionDefinition(Name)]
public sealed class EmbeddedBackstopCollection : ICollectionFixture<EmbeddedBackstopFixture>
{
    public const string Name = "embedded backstop";
}
