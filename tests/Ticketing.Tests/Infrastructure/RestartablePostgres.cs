using System.Diagnostics;

namespace Ticketing.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of a test's own (scripts/lib/postgres.sh), which the test may stop and start again: the
/// shared test server must never go down under other tests.
/// </summary>
public sealed class RestartablePostgres : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ticketing-restart-" + Guid.NewGuid().ToString("N")[..8]);

    private RestartablePostgres()
    {
    }

    public string ConnectionString { get; private set; } = "";

    public static async Task<RestartablePostgres> StartAsync()
    {
        var server = new RestartablePostgres();
        server.ConnectionString = (await server.RunAsync("pg_start", "on")).Trim();
        await Ticketing.Silo.Database.SchemaMigrator.MigrateAsync(server.ConnectionString, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, CancellationToken.None);
        return server;
    }

    /// <summary>Stops the server at once (<c>pg_ctl -m immediate</c>, as a crash would).</summary>
    public Task StopAsync() => RunAsync("pg_pause");

    /// <summary>Starts it again on the same port with the same data.</summary>
    public Task StartAgainAsync() => RunAsync("pg_resume");

    public async ValueTask DisposeAsync() => await RunAsync("pg_stop");

    private async Task<string> RunAsync(string function, string? argument = null)
    {
        var script = Path.Combine(RepositoryPaths.Root, "scripts", "lib", "postgres.sh");
        var start = new ProcessStartInfo("bash", ["-c", $"source '{script}' && {function} '{_directory}' {argument}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{function} failed ({process.ExitCode}): {await errors}");
        }

        return await output;
    }
}
