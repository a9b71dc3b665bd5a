using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Ticketing.Bookings;
using Ticketing.Common;
using Ticketing.Events.Catalog;
using Ticketing.Seats;

namespace Ticketing.Events;

/// <summary>
/// One event's definition and lifecycle (see <see cref="IEventGrain"/>). Status changes are persisted first and
/// then pushed to every seat row and GA counter; an interrupted push is finished on the next activation or by a
/// reminder, so a closed sale can never stay open in some rows.
/// </summary>
public sealed partial class EventGrain(
    [PersistentState("event", StorageNames.Tickets)] IPersistentState<EventState> state,
    IEventCatalog catalog,
    TimeProvider time,
    ILogger<EventGrain> logger) : Grain, IEventGrain, IRemindable
{
    private const string SyncReminder = "event-sync";
    private const int FanOutBatch = 64;

    private EventState Event => state.State;

    private string EventId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Event.Definition is not null)
        {
            await FinishPendingWorkAsync();
        }
    }

    public async Task<EventResult> CreateAsync(string organizerId, EventDefinition definition)
    {
        if (Event.Definition is not null)
        {
            // A retried create (same organizer, same definition) gets the same answer. Records holding immutable
            // arrays compare those by reference, so compare the definitions by their content.
            return Event.OrganizerId == organizerId && SameContent(Event.Definition, definition)
                ? EventResult.Ok(Snapshot())
                : EventResult.Fail(new DomainError(DomainErrorCodes.InvalidEventState, "An event with this id already exists."));
        }

        var now = time.GetUtcNow();
        if (Invalid(definition, now) is { } invalid)
        {
            return invalid;
        }

        Event.OrganizerId = organizerId;
        Event.Definition = definition;
        Event.Status = EventStatus.Draft;
        Event.CreatedAt = now;
        await SaveAsync(now);
        return EventResult.Ok(Snapshot());
    }

    public async Task<EventResult> UpdateAsync(string actorId, bool actorIsAdmin, EventDefinition definition)
    {
        if (Access(actorId, actorIsAdmin) is { } denied)
        {
            return denied;
        }

        if (Event.Status != EventStatus.Draft)
        {
            return EventResult.Fail(new DomainError(DomainErrorCodes.InvalidEventState, $"Only a draft can be changed; this event is {Event.Status}."));
        }

        var now = time.GetUtcNow();
        if (Invalid(definition, now) is { } invalid)
        {
            return invalid;
        }

        Event.Definition = definition;
        await SaveAsync(now);
        return EventResult.Ok(Snapshot());
    }

    public async Task<EventResult> PublishAsync(string actorId, bool actorIsAdmin)
    {
        if (Access(actorId, actorIsAdmin) is { } denied)
        {
            return denied;
        }

        if (Event.Status == EventStatus.OnSale)
        {
            return EventResult.Ok(Snapshot());
        }

        if (Event.Status != EventStatus.Draft)
        {
            return EventResult.Fail(new DomainError(DomainErrorCodes.InvalidEventState, $"Only a draft can be published; this event is {Event.Status}."));
        }

        var now = time.GetUtcNow();
        if (Invalid(Event.Definition!, now) is { } invalid)
        {
            return invalid;
        }

        return await ChangeStatusAsync(EventStatus.OnSale, now);
    }

    public async Task<EventResult> CloseAsync(string actorId, bool actorIsAdmin)
    {
        if (Access(actorId, actorIsAdmin) is { } denied)
        {
            return denied;
        }

        return Event.Status switch
        {
            EventStatus.SalesClosed => EventResult.Ok(Snapshot()),
            EventStatus.OnSale => await ChangeStatusAsync(EventStatus.SalesClosed, time.GetUtcNow()),
            _ => EventResult.Fail(new DomainError(DomainErrorCodes.InvalidEventState, $"Only an event on sale can close its sales; this event is {Event.Status}.")),
        };
    }

    public async Task<EventResult> CancelAsync(string actorId, bool actorIsAdmin)
    {
        if (Access(actorId, actorIsAdmin) is { } denied)
        {
            return denied;
        }

        return Event.Status == EventStatus.Cancelled
            ? EventResult.Ok(Snapshot())
            : await ChangeStatusAsync(EventStatus.Cancelled, time.GetUtcNow());
    }

    public Task<EventSnapshot?> GetAsync() => Task.FromResult(Event.Definition is null ? null : Snapshot());

    public Task<SaleTerms?> GetSaleTermsAsync()
    {
        if (Event.Definition is not { } d)
        {
            return Task.FromResult<SaleTerms?>(null);
        }

        var rows = d.Sections.SelectMany(s => s.Rows.Select(r => new RowLayout(s.Id, r.Id, r.Seats, r.CategoryId))).ToList();
        return Task.FromResult<SaleTerms?>(new SaleTerms(
            EventId, Event.OrganizerId!, Event.Status, d.Currency, d.HoldTtlSeconds, d.MaxSeatsPerReservation, d.StartsAt,
            d.SalesStartAt, d.SalesEndAt,
            d.Categories.ToDictionary(c => c.Id, StringComparer.Ordinal).ToImmutableDictionary(StringComparer.Ordinal),
            [.. rows],
            d.GeneralAdmission.ToDictionary(g => g.Id, StringComparer.Ordinal).ToImmutableDictionary(StringComparer.Ordinal),
            d.LatePaymentPolicy));
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await FinishPendingWorkAsync();
        if (!Event.SalesSyncPending && !Event.CatalogPending && (Event.Status != EventStatus.Cancelled || Event.RefundsStarted)
            && await this.GetReminder(SyncReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task<EventResult> ChangeStatusAsync(EventStatus status, DateTimeOffset now)
    {
        // A draft's rows and GA counters were never configured (that happens at publish), so cancelling a draft
        // has nothing to tell them; waking thousands of row grains for it would only cost.
        var rowsKnowTheEvent = Event.Status != EventStatus.Draft;
        Event.Status = status;
        Event.StatusVersion++;
        Event.SalesSyncPending |= rowsKnowTheEvent || status == EventStatus.OnSale;
        await SaveAsync(now);
        return EventResult.Ok(Snapshot());
    }

    private async Task SaveAsync(DateTimeOffset now)
    {
        Event.UpdatedAt = now;
        Event.Version++;
        Event.CatalogPending = true;
        await state.WriteOrRevertAsync(this);
        await FinishPendingWorkAsync();
    }

    /// <summary>Pushes the sales state to every row and GA counter and the entry to the catalog, if either is behind.</summary>
    private async Task FinishPendingWorkAsync()
    {
        var changed = false;
        if (Event.SalesSyncPending)
        {
            try
            {
                await PushSalesStateAsync();
                Event.SalesSyncPending = false;
                changed = true;
            }
            catch (Exception ex)
            {
                LogSyncFailed(logger, ex, EventId);
            }
        }

        if (Event.CatalogPending)
        {
            try
            {
                await catalog.UpsertAsync(CatalogEntry(), CancellationToken.None);
                Event.CatalogPending = false;
                changed = true;
            }
            catch (Exception ex)
            {
                LogCatalogFailed(logger, ex, EventId);
            }
        }

        if (Event.Status == EventStatus.Cancelled && !Event.RefundsStarted)
        {
            try
            {
                // Answers at once; the run refunds in batches on its own and resumes by its own reminder.
                await GrainFactory.For<IEventBookingsGrain>(EventId).RefundAllAsync();
                Event.RefundsStarted = true;
                changed = true;
            }
            catch (Exception ex)
            {
                LogRefundStartFailed(logger, ex, EventId);
            }
        }

        if (changed)
        {
            await state.WriteOrRevertAsync(this);
        }

        if (Event.SalesSyncPending || Event.CatalogPending || (Event.Status == EventStatus.Cancelled && !Event.RefundsStarted))
        {
            await this.RegisterOrUpdateReminder(SyncReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
    }

    private async Task PushSalesStateAsync()
    {
        var d = Event.Definition!;
        var sales = new SalesState(Event.Status == EventStatus.OnSale, Event.StatusVersion, d.SalesStartAt, d.SalesEndAt, d.StartsAt, Event.Status == EventStatus.Cancelled);
        var configureRows = Event.Status == EventStatus.OnSale;
        var categories = d.Categories.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var calls = new List<Func<Task>>();
        foreach (var section in d.Sections)
        {
            foreach (var row in section.Rows)
            {
                var grain = GrainFactory.For<ISeatRowGrain>(SeatRowKey.For(EventId, section.Id, row.Id));
                var configuration = new SeatRowConfiguration(EventId, section.Id, row.Id, row.Seats, row.CategoryId, categories[row.CategoryId].Price, d.Currency, sales);
                calls.Add(configureRows ? () => grain.ConfigureAsync(configuration) : () => grain.SetSalesStateAsync(sales));
            }
        }

        foreach (var ga in d.GeneralAdmission)
        {
            var grain = GrainFactory.For<IGeneralAdmissionGrain>(GeneralAdmissionKey.For(EventId, ga.Id));
            var configuration = new GeneralAdmissionConfiguration(EventId, ga.Id, ga.Capacity, ga.Price, d.Currency, sales);
            calls.Add(configureRows ? () => grain.ConfigureAsync(configuration) : () => grain.SetSalesStateAsync(sales));
        }

        foreach (var batch in calls.Chunk(FanOutBatch))
        {
            await Task.WhenAll(batch.Select(call => call()));
        }
    }

    private EventResult? Access(string actorId, bool actorIsAdmin)
    {
        if (Event.Definition is null)
        {
            return EventResult.Fail(new DomainError(DomainErrorCodes.EventNotFound, "The event does not exist."));
        }

        if (actorIsAdmin || Event.OrganizerId == actorId)
        {
            return null;
        }

        // Someone else's draft does not exist for them; a published event does, but is not theirs to manage.
        return Event.Status == EventStatus.Draft
            ? EventResult.Fail(new DomainError(DomainErrorCodes.EventNotFound, "The event does not exist."))
            : EventResult.Fail(new DomainError(DomainErrorCodes.Forbidden, "Only the event's organizer or an admin may manage it."));
    }

    private static EventResult? Invalid(EventDefinition definition, DateTimeOffset now)
    {
        var errors = EventDefinitionValidator.Validate(definition, now);
        return errors.Count == 0 ? null : EventResult.Fail(DomainError.Validation(errors));
    }

    private static bool SameContent(EventDefinition a, EventDefinition b)
        => System.Text.Json.JsonSerializer.Serialize(a) == System.Text.Json.JsonSerializer.Serialize(b);

    private EventSnapshot Snapshot()
        => new(EventId, Event.OrganizerId!, Event.Definition!, Event.Status, Event.CreatedAt, Event.UpdatedAt, Event.Version);

    private EventCatalogEntry CatalogEntry()
    {
        var d = Event.Definition!;
        return new EventCatalogEntry(EventId, Event.OrganizerId!, d.Name, d.Description, d.Venue, d.City, d.StartsAt, Event.Status, d.Currency, Event.Version, d.SalesEndAt);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId}: pushing the sales state to its seats failed; retrying by reminder")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception, string eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId}: starting the refunds of its bookings failed; retrying by reminder")]
    private static partial void LogRefundStartFailed(ILogger logger, Exception exception, string eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event {EventId}: updating the catalog failed; retrying by reminder")]
    private static partial void LogCatalogFailed(ILogger logger, Exception exception, string eventId);
}
