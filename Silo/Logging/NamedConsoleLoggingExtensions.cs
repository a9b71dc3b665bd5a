using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Ticketing.Silo.Logging;

public static class NamedConsoleLoggingExtensions
{
    /// <summary>Console logging whose every line names this process (see <see cref="NamedConsoleFormatter"/>).</summary>
    public static ILoggingBuilder AddNamedConsole(this ILoggingBuilder logging, string processName)
    {
        logging.AddConsole(o => o.FormatterName = NamedConsoleFormatter.Name);
        logging.AddConsoleFormatter<NamedConsoleFormatter, NamedConsoleFormatterOptions>(o => o.ProcessName = processName);
        return logging;
    }
}
