using Microsoft.Extensions.DependencyInjection;
using Ticketing.Bookings;
using Ticketing.Common;
using Ticketing.Seats;
using Ticketing.Tests.Bookings.Support;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Bookings;

/// <summary>
/// The saga's hardest moment on a real 2-silo PostgreSQL cluster: the silo running it is lost after the money was
/// taken and before the seats were sold. The other silo takes the booking over from storage, its reminder resumes
/// it, and the outcome is one charge and a Confirmed booking with its seats sold.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BookingSiloLossTests(PostgresFixture postgres)
{
    private static readonly KeyValuePair<string, string?>[] Settings = [new("Ticketing:Bookings:ResumeAfterSeconds", "2")];

    [PostgresFact]
    public async Task A_silo_lost_between_charge_and_sell_ends_in_one_charge_and_a_confirmed_booking_on_the_other()
    {
        var clusterId = "silo-loss-" + Guid.NewGuid().ToString("N")[..8];
        var faults = new Dictionary<string, ScriptedBookingFaults> { ["a"] = new(), ["b"] = new() };
        var silos = new Dictionary<string, PostgresSilo>();
        foreach (var name in faults.Keys)
        {
            silos[name] = await PostgresSilo.StartAsync(postgres.ConnectionString, clusterId, name, Settings,
                s => s.AddSingleton<IBookingFaults>(faults[name]));
        }

        try
        {
            await Poll.UntilAsync(() => silos["a"].Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true), h => h.Count == 2,
                TimeSpan.FromSeconds(30), "both silos to be active");
            var sale = await Sale.OpenAsync(silos["a"].Client, TimeProvider.System);
            var user = Ids.New();
            var reservationId = await sale.HoldAsync(user, 1, 2);
            var bookingId = Ids.New();

            // Whichever silo runs the saga stops dead after the charge, as if its process had died there. Only the
            // first: the survivor's resume passes the same point again (the charge is not stored on its own, so it
            // resumes from the pin and gets the same charge back from the provider).
            var stoppedOn = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            var never = new TaskCompletionSource();
            foreach (var (name, scripted) in faults)
            {
                scripted.RunAt(BookingFaultPoints.AfterChargeBeforeSell, bookingId,
                    () => stoppedOn.TrySetResult(name) ? never.Task : Task.CompletedTask);
            }

            _ = silos["a"].Client.GetGrain<IBookingGrain>(bookingId)
                .ConfirmAsync(new ConfirmBooking(user, reservationId, "mock", MockTokens.Success))
                .ContinueWith(t => t.Exception, TaskScheduler.Default);
            var lost = await stoppedOn.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var survivor = silos[lost == "a" ? "b" : "a"];
            Assert.True((await MockLedger.EntryAsync(survivor.Client, bookingId)).Charged, "the charge was made before the silo was lost");

            await silos[lost].LoseAsync(TimeSpan.FromSeconds(5));
            await silos[lost].DisposeAsync();
            silos.Remove(lost);

            var booking = await Poll.UntilAsync(() => survivor.Client.GetGrain<IBookingGrain>(bookingId).GetAsync(),
                b => b is { Status: BookingStatus.Confirmed }, TimeSpan.FromSeconds(120), "the survivor to resume and confirm the booking");
            Assert.Equal(BookingPaymentStatus.Succeeded, booking!.Payment.Status);
            var row = await survivor.Client.GetGrain<ISeatRowGrain>(SeatRowKey.For(sale.EventId, "ORCH", "A")).GetSnapshotAsync();
            Assert.Equal([SeatStatus.Sold, SeatStatus.Sold], row!.Seats.Take(2));
            var entry = await MockLedger.EntryAsync(survivor.Client, bookingId);
            Assert.True(entry.Charged);
            Assert.False(entry.Refunded);
            Assert.Equal(booking.Payment.TransactionId, entry.Charge!.TransactionId);
        }
        finally
        {
            foreach (var silo in silos.Values)
            {
                await silo.DisposeAsync();
            }
        }
    }
}
