namespace Ticketing.Common;

/// <summary>
/// Names of the grain storage providers. Every grain class also uses a state name of its own
/// (see ORLEANS-NOTES: the grain type is not part of the ADO.NET storage key).
/// </summary>
public static class StorageNames
{
    /// <summary>The durable store for domain state: PostgreSQL in PostgreSQL/cluster mode, memory when embedded.</summary>
    public const string Tickets = "tickets";
}
