using System.Net;
using Microsoft.Extensions.Configuration;

namespace Ticketing.Silo.Hosting;

/// <summary>
/// The resolved, validated hosting configuration. Built once before the host starts so a bad setting
/// stops the process with one line instead of a stack trace loop.
/// </summary>
public sealed record HostingSettings(RunMode Mode, HostingOptions Options, string? ConnectionString)
{
    public bool UsesPostgres => Mode is RunMode.PostgreSql or RunMode.Client;

    public static HostingSettings From(IConfiguration configuration, bool isSiloProcess = false)
    {
        var options = new HostingOptions();
        configuration.GetSection(HostingOptions.SectionName).Bind(options);
        var connectionString = configuration.GetConnectionString(ConnectionStringNames.Ticketing);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = null;
        }

        var mode = options.Mode ?? (connectionString is null ? RunMode.Embedded : RunMode.PostgreSql);
        if (isSiloProcess && mode == RunMode.Client)
        {
            throw new HostingConfigurationException("Ticketing:Hosting:Mode=Client makes no sense for a silo process; use PostgreSql.");
        }

        if (mode != RunMode.Embedded && connectionString is null)
        {
            throw new HostingConfigurationException(
                $"Ticketing:Hosting:Mode is {mode} but ConnectionStrings:Ticketing (env ConnectionStrings__Ticketing) is empty.");
        }

        if (!string.Equals(options.DatabaseInvariant, "Npgsql", StringComparison.Ordinal))
        {
            throw new HostingConfigurationException(
                $"Ticketing:Hosting:DatabaseInvariant '{options.DatabaseInvariant}' is not supported; the only supported invariant is 'Npgsql'.");
        }

        if (options.SiloPort is < 0 or > 65535 || options.GatewayPort is < 0 or > 65535)
        {
            throw new HostingConfigurationException("Ticketing:Hosting:SiloPort and GatewayPort must be between 0 and 65535.");
        }

        if (!IPAddress.TryParse(options.AdvertisedIp, out _))
        {
            throw new HostingConfigurationException($"Ticketing:Hosting:AdvertisedIp '{options.AdvertisedIp}' is not an IP address.");
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId) || string.IsNullOrWhiteSpace(options.ServiceId))
        {
            throw new HostingConfigurationException("Ticketing:Hosting:ClusterId and ServiceId must not be empty.");
        }

        if (options.WriteBatchSize is < 1 or > 1000 || options.WriteBatchesInFlight is < 1 or > 64)
        {
            throw new HostingConfigurationException("Ticketing:Hosting:WriteBatchSize must be between 1 and 1000 and WriteBatchesInFlight between 1 and 64.");
        }

        if (connectionString is not null)
        {
            try
            {
                connectionString = WithPoolTuning(new Npgsql.NpgsqlConnectionStringBuilder(connectionString));
            }
            catch (ArgumentException ex)
            {
                throw new HostingConfigurationException($"ConnectionStrings:Ticketing is not a valid PostgreSQL connection string: {ex.Message}");
            }
        }

        return new HostingSettings(mode, options, connectionString);
    }

    /// <summary>
    /// Two Npgsql settings for a connection pool that runs a handful of statements thousands of times a second, each
    /// kept as the connection string says if it says so:
    /// <list type="bullet">
    /// <item><c>Max Auto Prepare=64</c>: without preparation PostgreSQL parses and plans each statement every time; in
    /// the flash-sale benchmark that was most of the database's CPU (PostgreSQL mode, 256 clients: 154 -> 199 holds/s,
    /// 127 -> 163 bookings/s). Behind a transaction-pooling PgBouncer set it to 0.</item>
    /// <item><c>No Reset On Close=true</c>: otherwise each connection taken from the pool first resets its session with
    /// several statements, each its own transaction; the storage opens a pooled connection per grain read or write, so
    /// those resets were about 40% of the database's transactions (benchmark: 281,398 -> 167,505 commits in a 30 s run,
    /// hold answers 482 -> 1,259/s). Nothing here leaves session state behind: the schema migration releases its
    /// advisory lock itself.</item>
    /// </list>
    /// </summary>
    private static string WithPoolTuning(Npgsql.NpgsqlConnectionStringBuilder builder)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = builder.ConnectionString };
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    /// <summary>What the operator must know about durability, said once at start-up.</summary>
    public string DurabilityStatement => Mode switch
    {
        RunMode.Embedded =>
            "EMBEDDED MODE: one process, in-memory grain state and reminders. NOTHING IS DURABLE: every event, hold, booking and user is lost when this process stops. Set ConnectionStrings__Ticketing for PostgreSQL mode.",
        RunMode.PostgreSql =>
            "PostgreSQL mode: membership, grain state and reminders are stored in PostgreSQL; acknowledged writes survive restarts.",
        _ => "Client mode: this process holds no state; silos persist everything in PostgreSQL.",
    };
}
