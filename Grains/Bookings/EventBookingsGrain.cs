using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Ticketing.Common;

namespace Ticketing.Bookings;

/// <summary>
/// An event's confirmed bookings and its cancellation refund run. The run is stored as a pending list and counters
/// and advances one batch per turn; a reminder restarts it after a crash and retries failed refunds.
/// Booking refunds are idempotent, so a batch repeated after a crash refunds nobody twice.
/// </summary>
public sealed partial class EventBookingsGrain(
    [PersistentState("event-bookings", StorageNames.Tickets)] IPersistentState<EventBookingsState> state,
    ILogger<EventBookingsGrain> logger) : Grain, IEventBookingsGrain, IRemindable
{
    private const string RefundReminder = "event-refunds";
    private const int BatchSize = 16;

    private EventBookingsState S => state.State;

    public async Task AddAsync(string bookingId)
    {
        if (S.BookingIds.Contains(bookingId))
        {
            return;
        }

        S.BookingIds.Add(bookingId);
        if (S.RefundStarted)
        {
            // Confirmed while (or after) the event's refunds ran: it is refunded too.
            S.RefundPending.Add(bookingId);
        }

        await state.WriteStateAsync();
        if (S.RefundStarted)
        {
            await StartAsync();
        }
    }

    public async Task<EventRefundProgress> RefundAllAsync()
    {
        if (!S.RefundStarted)
        {
            S.RefundStarted = true;
            S.RefundPending = [.. S.BookingIds];
        }
        else
        {
            RetryFailed();
        }

        await state.WriteStateAsync();
        await StartAsync();
        return Progress();
    }

    public Task<EventRefundProgress> GetRefundProgressAsync() => Task.FromResult(Progress());

    public Task<ImmutableArray<string>> GetBookingIdsAsync() => Task.FromResult(S.BookingIds.ToImmutableArray());

    public async Task ContinueRefundsAsync()
    {
        if (S.RefundPending.Count == 0)
        {
            return;
        }

        var batch = S.RefundPending.Take(BatchSize).ToList();
        var results = await Task.WhenAll(batch.Select(RefundOneAsync));
        for (var i = 0; i < batch.Count; i++)
        {
            S.RefundPending.Remove(batch[i]);
            if (results[i])
            {
                S.Refunded++;
            }
            else
            {
                S.RefundFailed.Add(batch[i]);
            }
        }

        await state.WriteStateAsync();
        if (S.RefundPending.Count > 0)
        {
            this.AsReference<IEventBookingsGrain>().ContinueRefundsAsync().Ignore();
        }
        else if (S.RefundFailed.Count == 0 && await this.GetReminder(RefundReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != RefundReminder)
        {
            return;
        }

        if (S.RefundPending.Count == 0 && S.RefundFailed.Count > 0)
        {
            RetryFailed();
            await state.WriteStateAsync();
        }

        if (S.RefundPending.Count > 0)
        {
            await ContinueRefundsAsync();
        }
        else if (await this.GetReminder(RefundReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task<bool> RefundOneAsync(string bookingId)
    {
        try
        {
            var result = await GrainFactory.GetGrain<IBookingGrain>(bookingId).RefundForEventCancellationAsync();
            return result.Booking is { Status: not BookingStatus.Confirmed and not BookingStatus.PendingPayment };
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            LogRefundError(ex, bookingId);
            return false;
        }
    }

    private void RetryFailed()
    {
        S.RefundPending.AddRange(S.RefundFailed);
        S.RefundFailed.Clear();
    }

    private async Task StartAsync()
    {
        await this.RegisterOrUpdateReminder(RefundReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        if (S.RefundPending.Count > 0)
        {
            this.AsReference<IEventBookingsGrain>().ContinueRefundsAsync().Ignore();
        }
    }

    private EventRefundProgress Progress()
        => new(this.GetPrimaryKeyString(), S.RefundStarted, S.RefundStarted && S.RefundPending.Count == 0 && S.RefundFailed.Count == 0,
            S.BookingIds.Count, S.Refunded, S.RefundFailed.Count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refunding booking {BookingId} for the event's cancellation failed; it will be retried")]
    private partial void LogRefundError(Exception exception, string bookingId);
}
