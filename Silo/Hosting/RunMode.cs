namespace Ticketing.Silo.Hosting;

/// <summary>How a process takes part in the cluster (SPEC section 3).</summary>
public enum RunMode
{
    /// <summary>One process, localhost clustering, in-memory state: nothing survives a restart.</summary>
    Embedded,

    /// <summary>The process hosts a silo whose membership, state and reminders live in PostgreSQL.</summary>
    PostgreSql,

    /// <summary>The process only hosts a cluster client; silos run elsewhere (ADO.NET membership).</summary>
    Client,
}
