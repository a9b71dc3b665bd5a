using System.Collections.Immutable;
using Ticketing.Api.Bookings;
using Ticketing.Api.Idempotency;
using Ticketing.Bookings;
using Ticketing.Common;
using Ticketing.Idempotency;
using Ticketing.Payments;
using Ticketing.Tests.Bookings.Support;

namespace Ticketing.Tests.Idempotency;

/// <summary>
/// The API's idempotent confirm logic (<see cref="ConfirmationRunner"/>, and <see cref="IdempotencyRunner"/> for the
/// other endpoints) driven from a client of a 2-silo cluster, so the bookings and the concurrent callers are spread
/// over silos.
/// </summary>
[Collection(BookingClusterCollection.Name)]
public sealed class IdempotentConfirmTests(BookingClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task Fifty_concurrent_requests_with_one_key_make_one_booking_and_one_charge_with_fifty_identical_answers()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var command = new ConfirmBooking(user, await sale.HoldAsync(user, 1), "mock", MockTokens.Success);
        var runner = new ConfirmationRunner(Grains);
        var key = Ids.New();

        var replies = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => runner.RunAsync(key, command)));

        Assert.All(replies, r => Assert.True(r.Succeeded, r.Error?.Message));
        Assert.Single(replies.Select(r => (r.Booking!.Id, r.Booking.Status, r.Booking.Reference)).Distinct());
        Assert.Equal(49, replies.Count(r => r.Replayed));
        Assert.Equal(BookingStatus.Confirmed, replies[0].Booking!.Status);
        Assert.Equal(1, (await Grains.GetGrain<IUserBookingsGrain>(user).GetPageAsync(0, 100)).Total);
        await LedgerReconciliation.AssertReconciledAsync(fixture, [replies[0].Booking!.Id], expectedCharges: 1);
    }

    [Fact]
    public async Task A_request_that_crashed_after_charging_is_resumed_by_the_retry_under_the_same_booking_id()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var command = new ConfirmBooking(user, await sale.HoldAsync(user, 2), "mock", MockTokens.Success);
        var runner = new ConfirmationRunner(Grains);
        var key = Ids.New();
        var bookingId = ConfirmationKey.BookingIdFor(user, key);
        fixture.Faults.CrashAt(BookingFaultPoints.AfterChargeBeforeSell, bookingId);

        await Assert.ThrowsAnyAsync<Exception>(() => runner.RunAsync(key, command));
        var retry = await runner.RunAsync(key, command);

        Assert.True(retry.Succeeded, retry.Error?.Message);
        Assert.False(retry.Replayed);
        Assert.Equal(bookingId, retry.Booking!.Id);
        Assert.Equal(BookingStatus.Confirmed, (await Grains.GetGrain<IBookingGrain>(bookingId).GetAsync())!.Status);
        Assert.True((await runner.RunAsync(key, command)).Replayed);
        await LedgerReconciliation.AssertReconciledAsync(fixture, [bookingId], expectedCharges: 1);
    }

    [Fact]
    public async Task A_repeat_of_a_booking_cancelled_since_gets_the_first_answer_and_nothing_runs_again()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var command = new ConfirmBooking(user, await sale.HoldAsync(user, 3), "mock", MockTokens.Success);
        var runner = new ConfirmationRunner(Grains);
        var key = Ids.New();
        var first = await runner.RunAsync(key, command);
        Assert.Equal(BookingStatus.Confirmed, first.Booking!.Status);

        var cancelled = await Grains.GetGrain<IBookingGrain>(first.Booking.Id).CancelAsync(new BookingActor(user, IsAdmin: true));
        Assert.Equal(BookingStatus.Cancelled, cancelled.Booking!.Status);
        var replay = await runner.RunAsync(key, command);

        Assert.True(replay.Replayed);
        Assert.Null(replay.Error);
        Assert.Equal(BookingStatus.Confirmed, replay.Booking!.Status);
        Assert.Equal(first.Booking.Reference, replay.Booking.Reference);
        Assert.Equal(first.Booking.Tickets.ToArray(), replay.Booking.Tickets.ToArray());
        Assert.Equal(BookingStatus.Cancelled, (await Grains.GetGrain<IBookingGrain>(first.Booking.Id).GetAsync())!.Status);
        await LedgerReconciliation.AssertReconciledAsync(fixture, [first.Booking.Id], expectedCharges: 1);
    }

    [Fact]
    public async Task A_repeat_queued_behind_the_running_request_is_told_in_flight_and_never_runs_later()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var command = new ConfirmBooking(user, await sale.HoldAsync(user, 4), "mock", MockTokens.Error);
        var key = Ids.New();
        var bookingId = ConfirmationKey.BookingIdFor(user, key);
        var release = new TaskCompletionSource();
        var pinned = new TaskCompletionSource();
        fixture.Faults.RunAt(BookingFaultPoints.AfterPinBeforeCharge, bookingId, async () =>
        {
            pinned.SetResult();
            await release.Task;
        });

        var first = new ConfirmationRunner(Grains).RunAsync(key, command);
        await pinned.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var repeat = await new ConfirmationRunner(Grains, maxWait: TimeSpan.FromMilliseconds(200)).RunAsync(key, command);
        release.SetResult();

        Assert.Equal(DomainErrorCodes.IdempotencyInFlight, repeat.Error?.Code);
        Assert.Equal(DomainErrorCodes.PaymentProviderError, (await first).Error?.Code);
        // Queued after the repeat's call, so it answers once that call has had its turn: which must have run nothing
        // (had it run, it would have retried the provider error as a fresh attempt, behind its client's back).
        Assert.Equal(BookingStatus.Failed, (await Grains.GetGrain<IBookingGrain>(bookingId).GetAsync())!.Status);
        Assert.Null(await Grains.GetGrain<IBookingGrain>(ConfirmationKey.NextAttempt(bookingId)).GetAsync());
    }

    [Fact]
    public async Task A_retry_after_a_provider_error_books_afresh_and_stays_the_answer_when_the_failed_attempt_changes_later()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var command = new ConfirmBooking(user, await sale.HoldAsync(user, 5), ScriptedCardProvider.MethodName, ScriptedCardProvider.FailsOnce + Ids.New());
        var runner = new ConfirmationRunner(Grains);
        var key = Ids.New();

        var failed = await runner.RunAsync(key, command);
        var booked = await runner.RunAsync(key, command);
        Assert.Equal(DomainErrorCodes.PaymentProviderError, failed.Error?.Code);
        Assert.False(booked.Replayed);
        Assert.Equal(BookingStatus.Confirmed, booked.Booking!.Status);
        Assert.Equal(ConfirmationKey.NextAttempt(failed.Booking!.Id), booked.Booking.Id);

        // The first attempt's payment turns up after all (a late webhook): it is refunded, and the attempt is no
        // longer a provider error. The key's answer is still the second attempt's booking.
        await Grains.GetGrain<IBookingPaymentSink>(failed.Booking.Id).ApplyPaymentOutcomeAsync(
            new PaymentOutcome(ScriptedCardProvider.MethodName, "evt-" + Ids.New(), PaymentOutcomeKind.Succeeded, "txn-late", null));
        Assert.NotEqual(DomainErrorCodes.PaymentProviderError, (await Grains.GetGrain<IBookingGrain>(failed.Booking.Id).GetAsync())!.FailureCode);
        var replay = await runner.RunAsync(key, command);

        Assert.True(replay.Replayed);
        Assert.Equal(booked.Booking.Id, replay.Booking!.Id);
        Assert.Equal(BookingStatus.Confirmed, replay.Booking.Status);
    }

    [Fact]
    public async Task A_repeat_of_an_answer_awaiting_3D_Secure_keeps_the_payment_action_while_the_payment_still_waits()
    {
        var sale = await Sale.OpenAsync(Grains, fixture.Time);
        var user = Ids.New();
        var command = new ConfirmBooking(user, await sale.HoldAsync(user, 6), ScriptedCardProvider.MethodName, ScriptedCardProvider.NeedsAction + Ids.New());
        var runner = new ConfirmationRunner(Grains);
        var key = Ids.New();
        var first = await runner.RunAsync(key, command);
        Assert.Equal(BookingStatus.PendingPayment, first.Booking!.Status);
        Assert.NotNull(first.Booking.PaymentAction);

        // The saga's reminder polls the provider, which still waits for the customer: nothing changes.
        await Grains.GetGrain<IRemindable>(GrainId.Create("booking", first.Booking.Id)).ReceiveReminder("booking-saga", default);
        var replay = await runner.RunAsync(key, command);

        Assert.True(replay.Replayed);
        Assert.Equal(BookingStatus.PendingPayment, replay.Booking!.Status);
        Assert.Equal(first.Booking.PaymentAction, replay.Booking.PaymentAction);
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
