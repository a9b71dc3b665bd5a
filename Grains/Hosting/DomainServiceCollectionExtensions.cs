using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ticketing.Bookings;
using Ticketing.Events;
using Ticketing.Payments;
using Ticketing.Reservations;

namespace Ticketing.Hosting;

public static class DomainServiceCollectionExtensions
{
    /// <summary>
    /// The services grains depend on, registered on every silo. Each feature adds its own line here.
    /// </summary>
    /// <param name="connectionString">PostgreSQL connection string, or null in embedded mode.</param>
    public static IServiceCollection AddTicketingDomain(this IServiceCollection services, IConfiguration configuration, string? connectionString)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddEvents(connectionString);
        services.AddReservations(configuration);
        services.AddPayments(configuration);
        services.AddBookings(configuration, connectionString);
        return services;
    }
}
