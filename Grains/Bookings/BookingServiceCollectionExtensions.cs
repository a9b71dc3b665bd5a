using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Ticketing.Bookings;

public static class BookingServiceCollectionExtensions
{
    /// <summary>
    /// What the booking grains need: options, the ticket signer and the (no-op) fault seam.
    /// The ticket signing key must be configured except in the embedded mode (<paramref name="connectionString"/> null).
    /// </summary>
    public static IServiceCollection AddBookings(this IServiceCollection services, IConfiguration configuration, string? connectionString)
    {
        services.AddOptions<BookingOptions>()
            .Bind(configuration.GetSection(BookingOptions.SectionName))
            .Validate(o => o.CustomerCancellationCutoffHours >= 0, "Ticketing:Bookings:CustomerCancellationCutoffHours must be 0 or more.")
            .ValidateOnStart();
        services.AddOptions<TicketOptions>()
            .Bind(configuration.GetSection(TicketOptions.SectionName))
            .PostConfigure(o =>
            {
                if (string.IsNullOrEmpty(o.SigningKey) && connectionString is null)
                {
                    o.SigningKey = TicketOptions.EmbeddedDevelopmentKey;
                }
            })
            .Validate(o => o.SigningKey is { Length: >= 32 },
                "Ticketing:Tickets:SigningKey (env Ticketing__Tickets__SigningKey) must be set, at least 32 characters, outside the embedded mode.")
            .ValidateOnStart();
        services.TryAddSingleton<TicketCodes>();
        // The safe default; the embedded host, whose reminders die with it, registers its own before this.
        services.TryAddSingleton(BookingBackstop.BeforeMoneyMoves);
        services.TryAddSingleton<IBookingFaults, NoBookingFaults>();
        services.TryAddSingleton<IBookingReferences, RandomBookingReferences>();
        return services;
    }
}
