using System.Text.Json;
using Ticketing.Bookings;
using Ticketing.Common;
using Ticketing.Idempotency;

namespace Ticketing.Api.Bookings;

/// <summary>
/// Runs <c>POST /bookings/confirm</c> under its Idempotency-Key (SPEC section 7) with the booking as the key's record
/// (<see cref="ConfirmationKey"/>): the first request runs the saga; a repeat with the same body gets the first final
/// answer (<see cref="BookingResult.Replayed"/>); a repeat while the first runs waits for it, queued behind it in the
/// booking, at most <see cref="MaxWait"/> (and the clocks' allowance), then is told <c>idempotency_in_flight</c> and
/// never runs; another body is
/// <c>idempotency_key_reused</c>. HTTP-agnostic so cluster tests can drive it with their own client.
/// </summary>
public sealed class ConfirmationRunner(IGrainFactory grains, TimeSpan? maxWait = null)
{
    /// <summary>How long a repeat waits for the first request's answer before 409 (default 10 s).</summary>
    public TimeSpan MaxWait { get; } = maxWait ?? TimeSpan.FromSeconds(10);

    /// <summary>After the first wait, how often a request whose saga runs long asks again.</summary>
    private static readonly TimeSpan RecheckEvery = TimeSpan.FromSeconds(1);

    /// <summary>The least time a request has to start in, however short <see cref="MaxWait"/> is.</summary>
    private static readonly TimeSpan MinimumStartWindow = TimeSpan.FromSeconds(1);

    /// <summary>How far a silo's clock may be behind the Api's before a request given up on could still start.</summary>
    private static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromSeconds(1);

    /// <summary>The request's fingerprint: its reservation, payment method and token.</summary>
    public static string FingerprintOf(ConfirmBooking command)
        => IdempotencyKey.Fingerprint(JsonSerializer.Serialize(new[] { command.ReservationId, command.PaymentMethod, command.PaymentToken }));

    /// <param name="traceId">The request's trace id: a replayed refusal shows the first request's.</param>
    public async Task<BookingResult> RunAsync(string key, ConfirmBooking command, string? traceId = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        var booking = grains.For<IBookingGrain>(ConfirmationKey.BookingIdFor(command.UserId, key));
        var token = Ids.New();
        // Real time on both sides: a request that has not started by then runs nothing, in whichever activation.
        var startBy = DateTimeOffset.UtcNow + (MaxWait > MinimumStartWindow ? MaxWait : MinimumStartWindow);
        var call = booking.ConfirmAsync(command with
        {
            RequestFingerprint = FingerprintOf(command), RequestToken = token, RequestTraceId = traceId, StartBy = startBy, BookingIdIsNew = false,
        });
        // Past the start deadline, with room for the silos' clocks to differ from this one's.
        var wait = startBy + ClockSkewAllowance - DateTimeOffset.UtcNow;
        while (true)
        {
            try
            {
                return await call.WaitAsync(wait);
            }
            catch (TimeoutException)
            {
                if (call.IsCompleted)
                {
                    // Answered as the wait ran out (or the grain call itself timed out, which this rethrows).
                    return await call;
                }

                // Rare: either this request runs a slow saga (then it waits on, bounded by the grain call's own
                // timeout) or it is still queued, behind another request with its key; past its deadline it will
                // run nothing, so the client may be told it is in flight.
                if (!await booking.IsRunningAsync(token) && !call.IsCompleted)
                {
                    _ = call.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
                    return BookingResult.Fail(DomainError.IdempotencyInFlight());
                }

                wait = RecheckEvery;
            }
        }
    }
}
