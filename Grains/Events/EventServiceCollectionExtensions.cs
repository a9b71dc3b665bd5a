using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Ticketing.Events.Catalog;

namespace Ticketing.Events;

public static class EventServiceCollectionExtensions
{
    /// <summary>The catalog: PostgreSQL when a connection string is configured, else a process-wide in-memory index.</summary>
    public static IServiceCollection AddEvents(this IServiceCollection services, string? connectionString)
    {
        if (connectionString is null)
        {
            services.TryAddSingleton<IEventCatalog, InMemoryEventCatalog>();
        }
        else
        {
            services.TryAddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
            services.TryAddSingleton<IEventCatalog, PostgresEventCatalog>();
        }

        return services;
    }
}
