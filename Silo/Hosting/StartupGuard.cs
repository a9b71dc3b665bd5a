using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
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
        catch (Exception ex) when (InvalidOptions(ex) is { Count: > 0 } failures)
        {
            // ValidateOnStart reports an options class whose settings are missing or wrong (a ticket signing key,
            // Stripe keys): the operator's mistake like any other configuration error, not a crash.
            await Console.Error.WriteLineAsync($"{processName}: configuration error: {string.Join(" ", failures)}".ReplaceLineEndings(" "));
            return ConfigurationError;
        }
    }

    /// <summary>
    /// Runs the options validation that <c>ValidateOnStart</c> registered now, between building and running the host.
    /// The host would run it too, but would first log the failure with its stack trace; thrown from here it reaches
    /// <see cref="RunAsync"/> untouched and becomes the one line.
    /// </summary>
    public static void ValidateOptions(IServiceProvider services) => services.GetService<IStartupValidator>()?.Validate();

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

    /// <summary>
    /// The failure messages when <paramref name="ex"/> is options validation only: the host throws a single
    /// <see cref="OptionsValidationException"/> for one invalid options class, an <see cref="AggregateException"/> of
    /// them for several. Anything else in the mix is a real crash and keeps its stack trace.
    /// </summary>
    private static List<string> InvalidOptions(Exception ex)
    {
        IReadOnlyList<Exception> inner = ex is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [ex];
        return inner.All(e => e is OptionsValidationException)
            ? [.. inner.Select(e => e.Message).Distinct(StringComparer.Ordinal)]
            : [];
    }
}
