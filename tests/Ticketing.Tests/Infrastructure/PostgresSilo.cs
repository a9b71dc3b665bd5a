using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Ticketing.Silo.Hosting;

namespace Ticketing.Tests.Infrastructure;

/// <summary>
/// A silo built with the product's own composition (<see cref="TicketingSiloBuilderExtensions.AddTicketingSilo"/>)
/// in PostgreSQL mode: ADO.NET membership, grain state and reminders on the test database.
/// </summary>
public sealed class PostgresSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private PostgresSilo(IHost host) => _host = host;

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public SiloAddress Address => _host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    public static async Task<PostgresSilo> StartAsync(string connectionString, string clusterId, string name,
        IEnumerable<KeyValuePair<string, string?>>? settings = null, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Ticketing"] = connectionString,
            ["Ticketing:Hosting:ClusterId"] = clusterId,
            ["Ticketing:Hosting:SiloName"] = name,
            ["Ticketing:Hosting:SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Ticketing:Hosting:GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Ticketing:Hosting:Dashboard"] = "false",
            // Outside the embedded mode the ticket signing key must be configured (bookings feature).
            ["Ticketing:Tickets:SigningKey"] = "test-ticket-signing-key-at-least-32-characters",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        services?.Invoke(builder.Services);
        var hosting = HostingSettings.From(builder.Configuration);
        builder.UseOrleans(silo => silo.AddTicketingSilo(hosting, builder.Configuration));
        var host = builder.Build();
        await host.StartAsync();
        return new PostgresSilo(host);
    }

    /// <summary>Graceful stop: the silo leaves the membership table and hands over.</summary>
    public async Task StopAsync() => await _host.StopAsync();

    /// <summary>
    /// Stops the silo within <paramref name="timeout"/> whatever it is doing: work in flight (a saga blocked at a fault
    /// point) is abandoned mid-step, as when its process dies; the rest of the cluster takes its grains over.
    /// </summary>
    public async Task LoseAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _host.StopAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(10));
        _host.Dispose();
    }
}
