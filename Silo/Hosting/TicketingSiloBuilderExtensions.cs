using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using Orleans.Configuration;
using Orleans.Dashboard;
using Ticketing.Bookings;
using Ticketing.Common;
using Orleans.Runtime.Hosting;
using Ticketing.Hosting;
using Ticketing.Silo.Storage;
using Ticketing.Silo.Storage.Postgres;
using Ticketing.Silo.Database;
using Ticketing.Silo.Reminders;

namespace Ticketing.Silo.Hosting;

public static class TicketingSiloBuilderExtensions
{
    /// <summary>
    /// Everything a ticketing silo needs, for every mode: clustering, storage, reminders, dashboard and the
    /// domain's services. The Silo process and the Api's co-hosted silo both call this, so they cannot drift.
    /// </summary>
    public static ISiloBuilder AddTicketingSilo(this ISiloBuilder silo, HostingSettings settings, IConfiguration configuration)
    {
        var options = settings.Options;
        silo.Services.AddDatabaseExceptionSerialization();
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });

        if (options.SiloName is { Length: > 0 } siloName)
        {
            silo.Configure<SiloOptions>(o => o.SiloName = siloName);
        }

        switch (settings.Mode)
        {
            case RunMode.Embedded:
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
                // One silo, nothing durable: state in this process, without the storage grains' extra hop.
                silo.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<InProcessGrainStorage>(sp));
                silo.Services.AddGrainStorage(StorageNames.Tickets, (sp, _) => sp.GetRequiredService<InProcessGrainStorage>());
                silo.Services.AddSingleton<IStoredStateSweeper>(sp => sp.GetRequiredService<InProcessGrainStorage>());
                silo.UseInMemoryReminderService();
                // Reminders in this process's memory: a booking registers its backstop only if a call leaves it unfinished.
                silo.Services.AddSingleton(BookingBackstop.WhenLeftUnfinished);
                break;
            case RunMode.PostgreSql:
                var connectionString = settings.ConnectionString!;
                silo.ConfigureEndpoints(IPAddress.Parse(options.AdvertisedIp), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: options.ListenOnAnyHostAddress);
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = options.DatabaseInvariant;
                    o.ConnectionString = connectionString;
                });
                // Orleans' ADO.NET tables and statements for grain state and reminders, with the writes of different
                // grains batched per round trip and transaction by one batcher per silo.
                silo.Services.AddSingleton(sp => new PostgresWriteBatcher(
                    connectionString, options.ServiceId, sp.GetRequiredService<ILogger<PostgresWriteBatcher>>(), options.WriteBatchSize, options.WriteBatchesInFlight));
                silo.Services.AddGrainStorage(StorageNames.Tickets, (sp, name) => new PostgresGrainStorage(
                    name, connectionString, options.ServiceId, sp.GetRequiredService<PostgresWriteBatcher>(),
                    sp.GetRequiredService<IGrainStorageSerializer>(), sp.GetRequiredService<IActivatorProvider>()));
                silo.AddReminders();
                silo.Services.AddSingleton<IReminderTable>(sp => new PostgresReminderTable(connectionString, options.ServiceId, sp.GetRequiredService<PostgresWriteBatcher>()));
                silo.Services.AddSingleton<IStoredStateSweeper>(new PostgresStoredStateSweeper(connectionString, options.ServiceId));
                break;
            default:
                throw new HostingConfigurationException($"A silo cannot run in {settings.Mode} mode.");
        }

        // Stored state as System.Text.Json: property names define the format, no CLR type names that a
        // rename would orphan.
        silo.UseSystemTextJsonGrainStorageSerializer();
        silo.Services.Configure<SystemTextJsonGrainStorageSerializerOptions>(StoredStateJson.Configure);

        if (options.Dashboard)
        {
            silo.AddDashboard();
        }

        silo.Services.AddSingleton<ExpiredStateCleanupService>();
        silo.Services.AddHostedService(sp => sp.GetRequiredService<ExpiredStateCleanupService>());
        silo.Services.AddTicketingDomain(configuration, settings.ConnectionString);
        return silo;
    }
}
