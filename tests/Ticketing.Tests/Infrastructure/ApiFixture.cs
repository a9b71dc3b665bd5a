using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Api;
using Ticketing.Api.Auth;

namespace Ticketing.Tests.Infrastructure;

/// <summary>
/// The real API host (the same <see cref="ApiHost"/> Program runs) on a free Kestrel port, in embedded mode
/// unless a subclass adds settings, with a real <see cref="HttpClient"/>.
/// </summary>
public class ApiFixture : IAsyncLifetime
{
    public const string SigningKey = "test-signing-key-that-is-long-enough-for-hs256";

    public WebApplication App { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => App.Services;

    public IClusterClient ClusterClient => Services.GetRequiredService<IClusterClient>();

    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    public virtual async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ticketing:Hosting:SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Ticketing:Hosting:GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Ticketing:Hosting:ClusterId"] = "test-" + Guid.NewGuid().ToString("N")[..8],
            ["Auth:Jwt:SigningKey"] = SigningKey,
            ["Logging:LogLevel:Default"] = "Warning",

            // Feature tests fire bursts from one user and one IP; the limits have tests of their own (Auth).
            ["Ticketing:RateLimits:Enabled"] = "false",
            ["Logging:LogLevel:Ticketing.Api.Logging.RequestLoggingMiddleware"] = "Warning",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        App = await ApiHost.BuildAsync([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            ConfigureServices(builder.Services);
        });
        ConfigureApp(App);
        await App.StartAsync();
        var address = App.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address);
    }

    /// <summary>Lets a fixture replace services before the host adds its own (which it adds only where none is registered).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Lets a fixture add test-only endpoints before the server starts.</summary>
    protected virtual void ConfigureApp(WebApplication app)
    {
    }

    /// <summary>An anonymous client.</summary>
    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>A client whose requests carry a token the API itself issued for this user and these roles.</summary>
    public HttpClient CreateClient(string userId, params string[] roles)
    {
        var client = CreateClient();
        var token = Services.GetRequiredService<TokenIssuer>().Issue(userId, $"{userId}@example.test", roles.Length == 0 ? [Roles.Customer] : roles);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public virtual async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
