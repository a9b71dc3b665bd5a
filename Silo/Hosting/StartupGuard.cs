using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ticketing.Silo.Database;

namespace Ticketing.Silo.Hosting;

/// <summary>
/// Runs a host so that the mistakes an operator can fix (bad configuration, unreachable database) end the
/// process with one readable line and a non-zero exit code rather than a stack trace loop.
/// </summary>
public static class StartupGuard
{
    public const int ConfigurationError = 2;
    public const int DatabaseError = 3;

    public static async Task<int> RunAsync(string processName, Func<Task> run)
    {
        try
        {
            await run();
            return 0;
        }
        catch (HostingConfigurationException ex)
        {
            await Console.Error.WriteLineAsync($"{processName}: configuration error: {ex.Message}");
            return ConfigurationError;
        }
        catch (DatabaseStartupException ex)
        {
            await Console.Error.WriteLineAsync($"{processName}: database error: {ex.Message}");
            return DatabaseError;
        }
    }

    /// <summary>
    /// Before Orleans starts: migrate the schema (silo modes) or check the database answers (client mode),
    /// so a wrong connection string is reported once, clearly, instead of by Orleans' retry loops.
    /// </summary>
    public static async Task PrepareDatabaseAsync(HostingSettings settings, ILogger? logger, CancellationToken cancellationToken)
    {
        if (!settings.UsesPostgres)
        {
            return;
        }

        logger ??= NullLogger.Instance;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            if (settings.Mode == RunMode.PostgreSql && settings.Options.MigrateDatabase)
            {
                await SchemaMigrator.MigrateAsync(settings.ConnectionString!, logger, timeout.Token);
            }
            else if (!await SchemaMigrator.CanConnectAsync(settings.ConnectionString!, timeout.Token))
            {
                throw new DatabaseStartupException("PostgreSQL does not answer at the configured ConnectionStrings:Ticketing.");
            }
        }
        catch (DatabaseStartupException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || timeout.IsCancellationRequested)
        {
            throw new DatabaseStartupException(OneLine(ex));
        }
    }

    private static string OneLine(Exception ex)
    {
        var message = ex is OperationCanceledException ? "timed out after 30 s" : ex.Message;
        return message.ReplaceLineEndings(" ");
    }
}
