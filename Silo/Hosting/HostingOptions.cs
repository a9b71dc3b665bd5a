namespace Ticketing.Silo.Hosting;

/// <summary>
/// Settings under the <c>Ticketing:Hosting</c> section. Kept out of the <c>Orleans:</c> section on purpose:
/// Orleans 10 binds that section to providers by itself.
/// </summary>
public sealed class HostingOptions
{
    public const string SectionName = "Ticketing:Hosting";

    /// <summary>Explicit mode. When unset: PostgreSql if a connection string is configured, else Embedded.</summary>
    public RunMode? Mode { get; set; }

    public string ClusterId { get; set; } = "ticketing";

    public string ServiceId { get; set; } = "ticketing";

    /// <summary>Silo-to-silo port. 0 picks a free port (tests, scripted clusters).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port. 0 picks a free port.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients use to reach this silo; loopback by default.</summary>
    public string AdvertisedIp { get; set; } = "127.0.0.1";

    /// <summary>Bind silo and gateway on every interface (containers) instead of only <see cref="AdvertisedIp"/>.</summary>
    public bool ListenOnAnyHostAddress { get; set; }

    /// <summary>The ADO.NET invariant. Only Npgsql is supported.</summary>
    public string DatabaseInvariant { get; set; } = "Npgsql";

    /// <summary>Apply the schema migration at start-up (PostgreSql mode and silos).</summary>
    public bool MigrateDatabase { get; set; } = true;

    /// <summary>Host the Orleans dashboard. It costs some throughput, so it can be switched off.</summary>
    public bool Dashboard { get; set; } = true;

    /// <summary>
    /// Whether the Api's dashboard requires the admin role; unset means: outside embedded mode only (an embedded
    /// trial on a developer's machine is open, a shared embedded box can turn it on).
    /// </summary>
    public bool? DashboardRequiresAdmin { get; set; }

    /// <summary>
    /// PostgreSQL mode: at most this many grain-state and reminder writes share one round trip and transaction
    /// (1..1000; 1 writes each on its own, as Orleans' ADO.NET providers do).
    /// </summary>
    public int WriteBatchSize { get; set; } = 64;

    /// <summary>PostgreSQL mode: at most this many write batches in flight per silo (1..64); more hide a longer round trip.</summary>
    public int WriteBatchesInFlight { get; set; } = 8;

    /// <summary>Name of the silo in logs and the dashboard; defaults to the machine name and port.</summary>
    public string? SiloName { get; set; }
}
