using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ticketing.Reservations;

public static class ReservationServiceCollectionExtensions
{
    public static IServiceCollection AddReservations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReservationOptions>()
            .Bind(configuration.GetSection(ReservationOptions.SectionName))
            .Validate(o => o.MaxActiveHoldsPerUserPerEvent >= 1, "Ticketing:Reservations:MaxActiveHoldsPerUserPerEvent must be at least 1.")
            .Validate(o => o.MaxHoldLifetimeFactor >= 1, "Ticketing:Reservations:MaxHoldLifetimeFactor must be at least 1.")
            .Validate(o => o.PaymentWindowSeconds is >= 30 and <= 3600, "Ticketing:Reservations:PaymentWindowSeconds must be between 30 and 3600.")
            .ValidateOnStart();
        return services;
    }
}
