namespace Ticketing.Events;

[GenerateSerializer]
public sealed class EventState
{
    [Id(0)] public string? OrganizerId { get; set; }
    [Id(1)] public EventDefinition? Definition { get; set; }
    [Id(2)] public EventStatus Status { get; set; }
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Grows with every change; orders catalog writes.</summary>
    [Id(5)] public long Version { get; set; }

    /// <summary>Grows with every status change; orders the sales state pushed to seat rows.</summary>
    [Id(6)] public long StatusVersion { get; set; }

    /// <summary>Seat rows and GA counters have not all received the current status yet.</summary>
    [Id(7)] public bool SalesSyncPending { get; set; }

    /// <summary>The catalog has not received the current version yet.</summary>
    [Id(8)] public bool CatalogPending { get; set; }

    /// <summary>The event is cancelled and the refund run of its bookings has been started.</summary>
    [Id(9)] public bool RefundsStarted { get; set; }
}
