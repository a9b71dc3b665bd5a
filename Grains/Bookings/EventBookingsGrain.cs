using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ticketing.Common;

namespace Ticketing.Bookings;

/// <summary>
/// A cancelled event's refund run: marks every index shard as refunding (bookings confirmed later refund
/// themselves), then refunds the collected bookings one batch per turn, storing progress after each batch.
/// </summary>
public sealed partial class EventBookingsGrain(
    [PersistentState("event-bookings", StorageNames.Tickets)] IPersistentState<EventBookingsState> state,
    IOptions<BookingOptions> options,
    IBookingFaults faults,
    ILogger<EventBookingsGrain> logger) : Grain, IEventBookingsGrain, IRemindable
{
    private const string RefundReminder = "event-refunds";
    private const int BatchSize = 16;

    private EventBookingsState S => state.State;

    private string EventId => this.GetPrimaryKeyString();

    public async Task<EventRefundProgress> RefundAllAsync()
    {
        if (!S.RefundStarted)
        {
            S.RefundStarted = true;
            await state.WriteOrRevertAsync(this);
            await RegisterReminderAsync();
        }
        else if (S.RefundFailed.Count > 0)
        {
            RetryFailed();
            await state.WriteOrRevertAsync(this);
            await RegisterReminderAsync();
        }

        await CollectShardsAsync();
        ScheduleNextBatch();
        return Progress();
    }

    public Task<EventRefundProgress> GetRefundProgressAsync() => Task.FromResult(Progress());

    public async Task<ImmutableArray<string>> GetBookingIdsAsync()
    {
        var shards = await Task.WhenAll(EventBookingsKey.AllShards(EventId)
            .Select(key => GrainFactory.For<IEventBookingShardGrain>(key).GetBookingIdsAsync()));
        return [.. shards.SelectMany(ids => ids)];
    }

    public async Task ContinueRefundsAsync()
    {
        if (!S.ShardsCollected || S.RefundPending.Count == 0)
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

        await state.WriteOrRevertAsync(this);
        await faults.AtAsync(BookingFaultPoints.AfterRefundBatchStored, EventId);
        if (S.RefundPending.Count > 0)
        {
            ScheduleNextBatch();
        }
        else if (S.RefundFailed.Count == 0)
        {
            await StopReminderAsync();
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != RefundReminder)
        {
            return;
        }

        if (!S.RefundStarted)
        {
            await StopReminderAsync();
            return;
        }

        if (S.ShardsCollected && S.RefundPending.Count == 0 && S.RefundFailed.Count > 0)
        {
            RetryFailed();
            await state.WriteOrRevertAsync(this);
        }

        await CollectShardsAsync();
        if (S.RefundPending.Count > 0)
        {
            await ContinueRefundsAsync();
        }
        else if (S.RefundFailed.Count == 0)
        {
            await StopReminderAsync();
        }
    }

    private async Task CollectShardsAsync()
    {
        if (S.ShardsCollected)
        {
            return;
        }

        var shards = await Task.WhenAll(EventBookingsKey.AllShards(EventId)
            .Select(key => GrainFactory.For<IEventBookingShardGrain>(key).MarkRefundingAsync()));
        S.RefundPending = [.. shards.SelectMany(ids => ids).Distinct()];
        S.Total = S.RefundPending.Count;
        S.ShardsCollected = true;
        await state.WriteOrRevertAsync(this);
    }

    private async Task<bool> RefundOneAsync(string bookingId)
    {
        try
        {
            var result = await GrainFactory.For<IBookingGrain>(bookingId).RefundForEventCancellationAsync();
            return result.Booking is { Status: not BookingStatus.Confirmed and not BookingStatus.PendingPayment };
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            LogRefundError(ex, bookingId);
            return false;
        }
    }

    private void ScheduleNextBatch()
    {
        if (S.RefundPending.Count > 0)
        {
            this.AsReference<IEventBookingsGrain>().ContinueRefundsAsync().Ignore();
        }
    }

    private void RetryFailed()
    {
        S.RefundPending.AddRange(S.RefundFailed);
        S.RefundFailed.Clear();
    }

    /// <summary>
    /// The run's backstop: batches chain one to the next in memory, so a silo lost mid-run (or a batch that threw)
    /// would stop them; the reminder resumes from the stored progress, soon after the start and then every minute.
    /// </summary>
    private Task RegisterReminderAsync()
        => this.RegisterOrUpdateReminder(RefundReminder, TimeSpan.FromSeconds(Math.Clamp(options.Value.ResumeAfterSeconds, 1, 3600)), TimeSpan.FromMinutes(1));

    private async Task StopReminderAsync()
    {
        if (await this.GetReminder(RefundReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private EventRefundProgress Progress()
        => new(EventId, S.RefundStarted, S.ShardsCollected && S.RefundPending.Count == 0 && S.RefundFailed.Count == 0,
            S.Total, S.Refunded, S.RefundFailed.Count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refunding booking {BookingId} for the event's cancellation failed; it will be retried")]
    private partial void LogRefundError(Exception exception, string bookingId);
}
