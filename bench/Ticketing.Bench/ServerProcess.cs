using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Ticketing.Bench;

/// <summary>
/// The Api process the bench starts (embedded or PostgreSQL mode), with CPU and memory read from /proc so the
/// figures are the server's own, not the load generator's.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private TimeSpan _cpuAtMark;
    private DateTime _wallAtMark;

    private ServerProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public int ProcessId => _process.Id;

    public static async Task<ServerProcess> StartAsync(BenchOptions options, TextWriter log)
    {
        var root = FindRoot();
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(root, "Api", "bin", configuration, "net10.0", "Ticketing.Api.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} not found: build the solution in {configuration} first");
        }

        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.Combine(root, "Api"),
        };
        var env = start.Environment;
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Buyers pay with the mock provider's test tokens, which Production leaves off unless asked for.
        env["Payments__Mock__Enabled"] = "true";
        env["DOTNET_gcServer"] = "1";
        env["Logging__LogLevel__Default"] = "Warning";
        env["Logging__LogLevel__Ticketing.Api.Logging.RequestLoggingMiddleware"] = "Warning";
        env["Ticketing__Hosting__SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
        env["Ticketing__Hosting__GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
        env["Ticketing__Hosting__ClusterId"] = "bench-" + Guid.NewGuid().ToString("N")[..8];
        env["Ticketing__Hosting__Dashboard"] = options.Dashboard ? "true" : "false";
        env["Ticketing__RateLimits__Enabled"] = "false";
        // Registering a thousand buyers is set-up, not the measured sale: spend less CPU per password hash.
        env["Auth__PasswordHashing__IterationCount"] = "10000";
        env["Ticketing__Reservations__MaxActiveHoldsPerUserPerEvent"] = "100";
        env["Auth__Jwt__SigningKey"] = "bench-signing-key-0123456789-0123456789-abcdef";
        env["Ticketing__Tickets__SigningKey"] = "bench-ticket-signing-key-0123456789-abcdef";
        env["Auth__Bootstrap__AdminEmail"] = options.AdminEmail;
        env["Auth__Bootstrap__AdminPassword"] = options.AdminPassword;
        if (options.Postgres is not null)
        {
            env["ConnectionStrings__Ticketing"] = options.Postgres;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the Api");
        _ = PumpAsync(process.StandardOutput, log);
        _ = PumpAsync(process.StandardError, log);
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        await server.WaitReadyAsync(TimeSpan.FromSeconds(120));
        return server;
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the Api exited during start-up with code {_process.ExitCode}");
            }

            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("the Api did not become ready in time");
    }

    /// <summary>Starts a CPU measurement window.</summary>
    public void Mark()
    {
        _process.Refresh();
        _cpuAtMark = _process.TotalProcessorTime;
        _wallAtMark = DateTime.UtcNow;
    }

    /// <summary>Average CPU use since <see cref="Mark"/> in percent of one core, and the peak resident memory.</summary>
    public (double CpuPercentOfOneCore, long PeakRssBytes, long RssBytes) Usage()
    {
        _process.Refresh();
        var cpu = (_process.TotalProcessorTime - _cpuAtMark).TotalSeconds / Math.Max(0.001, (DateTime.UtcNow - _wallAtMark).TotalSeconds) * 100;
        return (cpu, _process.PeakWorkingSet64, _process.WorkingSet64);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static async Task PumpAsync(StreamReader reader, TextWriter log)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Contains("fail", StringComparison.OrdinalIgnoreCase) || line.Contains("crit", StringComparison.OrdinalIgnoreCase) || line.Contains("error", StringComparison.OrdinalIgnoreCase))
            {
                await log.WriteLineAsync("  [api] " + line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Orleans.sln not found above " + AppContext.BaseDirectory);
    }
}
