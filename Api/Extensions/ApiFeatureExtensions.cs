using Ticketing.Api.Payments;
using Ticketing.Api.Events;
using Ticketing.Api.Reservations;
using Ticketing.Api.Users;
using Ticketing.Api.Bookings;

namespace Ticketing.Api.Extensions;

/// <summary>The API's table of contents: each feature adds one line to each method.</summary>
public static class ApiFeatureExtensions
{
    public static IServiceCollection AddTicketingApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddEventsApi();
        services.AddIdentityApi(configuration);
        services.AddBookingsApi(configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapTicketingEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapEventsEndpoints();
        endpoints.MapReservationsEndpoints();
        endpoints.MapIdentityEndpoints();
        endpoints.MapPaymentsEndpoints();
        endpoints.MapBookingEndpoints();
        return endpoints;
    }
}
