using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Ticketing.Silo.Logging;

/// <summary>
/// Console lines that say which process wrote them: <c>[silo1] warn: Category[0] message</c>. A cluster's silos
/// usually log into one stream (compose, a log collector), where a line without its silo is no help to an operator.
/// </summary>
public sealed class NamedConsoleFormatter(IOptions<NamedConsoleFormatterOptions> options) : ConsoleFormatter(Name)
{
    public new const string Name = "ticketing";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        if (options.Value.TimestampFormat is { Length: > 0 } format)
        {
            // Off by default (collectors stamp lines themselves); fault runs turn it on to line logs up with clients.
            var now = options.Value.UseUtcTimestamp ? DateTimeOffset.UtcNow : DateTimeOffset.Now;
            textWriter.Write(now.ToString(format, System.Globalization.CultureInfo.InvariantCulture));
        }

        textWriter.Write('[');
        textWriter.Write(options.Value.ProcessName);
        textWriter.Write("] ");
        textWriter.Write(Level(logEntry.LogLevel));
        textWriter.Write(": ");
        textWriter.Write(logEntry.Category);
        textWriter.Write('[');
        textWriter.Write(logEntry.EventId.Id);
        textWriter.Write("] ");
        textWriter.WriteLine(message);
        if (logEntry.Exception is { } exception)
        {
            textWriter.WriteLine(exception.ToString());
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
