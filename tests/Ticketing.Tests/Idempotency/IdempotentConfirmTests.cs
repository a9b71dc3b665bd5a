using System.Collections.Immutable;
using Ticketing.Api.Idempotency;
using Ticketing.Bookings;
using Ticketing.Common;
using Ticketing.Idempotency;
using Ticketing.Tests.Bookings.Support;

namespace Ticketing.Tests.Idempotency;

/// <summary>
/// The API's idempotent confirm logic (<see cref="IdempotencyRunner"/>) driven from a client of a 2-silo cluster,
/// so the key's grain, the booking and the concurrent callers are spread over silos.
/// </summary>
[Collection(BookingClusterCollection.Name)]
public sealed class IdempotentConfirmTests(BookingClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    private Func<string, Task<IdempotencyOutcome>> Confirm(ConfirmBooking command) => async bookingId =>
    {
        var result = await Grains.GetGrain<IBookingGrain>(bookingId).ConfirmAsync(command);
        var status = result.Error is null ? 201 : result.Error.Code == DomainErrorCodes.PaymentProviderError ? 502 : 402;
        var response = new IdempotentResponse(status, "application/json", $"{{\"id\":\"{bookingId}\",\"status\":\"{result.Booking?.Status}\"}}",
            ImmutableDictionary<string, string>.Empty);
        return new IdempotencyOutcome(response, status < 500, result.Booking is not { Status: BookingStatus.Failed });
    };

    [Fact]
    public async Task Fifty_concurrent_requests_with_one_key_make_one_booking_and_one_charge_with_fifty_identical_answers()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var command = new ConfirmBooking(user, await sale.HoldAsync(user, 1), "mock", MockTokens.Success);
        var runner = new IdempotencyRunner(Grains);
        var key = Ids.New();

        var replies = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => runner.RunAsync(user, "bookings.confirm", key, command.ToString(), Confirm(command))));

        Assert.All(replies, r => Assert.Null(r.Refusal));
        Assert.Single(replies.Select(r => (r.Response!.StatusCode, r.Response.Body)).Distinct());
        Assert.Equal(49, replies.Count(r => r.Replayed));
        Assert.Equal(201, replies[0].Response!.StatusCode);
        Assert.Equal(1, (await Grains.GetGrain<IUserBookingsGrain>(user).GetPageAsync(0, 100)).Total);
        var bookingId = (await Grains.GetGrain<IUserBookingsGrain>(user).GetPageAsync(0, 1)).BookingIds[0];
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId], expectedCharges: 1);
    }

    [Fact]
    public async Task A_request_that_crashed_after_charging_is_resumed_by_the_retry_under_the_same_booking_id()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var command = new ConfirmBooking(user, await sale.HoldAsync(user, 2), "mock", MockTokens.Success);
        var runner = new IdempotencyRunner(Grains);
        var key = Ids.New();
        string? firstBookingId = null;

        await Assert.ThrowsAnyAsync<Exception>(() => runner.RunAsync(user, "bookings.confirm", key, command.ToString(), bookingId =>
        {
            firstBookingId = bookingId;
            fixture.Faults.CrashAt(BookingFaultPoints.AfterChargeBeforeSell, bookingId);
            return Confirm(command)(bookingId);
        }));

        var retry = await runner.RunAsync(user, "bookings.confirm", key, command.ToString(), Confirm(command));

        Assert.Equal(201, retry.Response!.StatusCode);
        Assert.Contains(firstBookingId!, retry.Response.Body);
        Assert.Equal(BookingStatus.Confirmed, (await Grains.GetGrain<IBookingGrain>(firstBookingId!).GetAsync())!.Status);
        await LedgerReconciliation.AssertReconciledAsync(fixture, [firstBookingId!], expectedCharges: 1);
    }

    [Fact]
    public async Task A_repeat_that_cannot_wait_long_enough_is_told_the_first_is_still_in_flight()
    {
        var runner = new IdempotencyRunner(Grains, maxWait: TimeSpan.FromMilliseconds(200));
        var user = Ids.New();
        var key = Ids.New();
        var release = new TaskCompletionSource();
        var running = new TaskCompletionSource();
        var first = runner.RunAsync(user, "test", key, "body", async _ =>
        {
            running.SetResult();
            await release.Task;
            return new IdempotencyOutcome(new IdempotentResponse(201, "application/json", "{}", ImmutableDictionary<string, string>.Empty), true, false);
        });
        await running.Task.WaitAsync(TimeSpan.FromSeconds(20));

        var second = await runner.RunAsync(user, "test", key, "body", _ => throw new InvalidOperationException("must not run twice"));
        release.SetResult();

        Assert.Equal(DomainErrorCodes.IdempotencyInFlight, second.Refusal?.Code);
        Assert.Equal(201, (await first).Response!.StatusCode);
        Assert.True((await runner.RunAsync(user, "test", key, "body", _ => throw new InvalidOperationException("must replay"))).Replayed);
    }
}
