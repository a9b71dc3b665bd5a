using Microsoft.Extensions.Logging.Console;

namespace Ticketing.Silo.Logging;

public sealed class NamedConsoleFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>What every line starts with: the silo's name (<c>Ticketing:Hosting:SiloName</c>), or "api".</summary>
    public string ProcessName { get; set; } = "ticketing";
}
