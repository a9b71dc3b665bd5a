using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Ticketing.Silo.Logging;

namespace Ticketing.Tests.Platform;

/// <summary>Every console line names the process that wrote it, so a cluster's merged logs say which silo spoke.</summary>
public sealed class NamedConsoleFormatterTests
{
    private static string Format(LogLevel level, string message, Exception? exception = null)
    {
        var formatter = new NamedConsoleFormatter(Options.Create(new NamedConsoleFormatterOptions { ProcessName = "silo2" }));
        using var writer = new StringWriter();
        formatter.Write(new LogEntry<string>(level, "Ticketing.Seats", new EventId(7), message, exception, (s, _) => s), null, writer);
        return writer.ToString();
    }

    [Fact]
    public void A_line_starts_with_the_process_name_then_level_category_and_message()
        => Assert.Equal("[silo2] warn: Ticketing.Seats[7] row R1 was configured again" + Environment.NewLine, Format(LogLevel.Warning, "row R1 was configured again"));

    [Fact]
    public void An_exception_follows_its_line()
    {
        var text = Format(LogLevel.Error, "write failed", new InvalidOperationException("boom"));
        Assert.StartsWith("[silo2] fail: Ticketing.Seats[7] write failed", text);
        Assert.Contains("InvalidOperationException: boom", text);
    }

    [Fact]
    public void With_a_timestamp_format_each_line_starts_with_the_time()
    {
        var formatter = new NamedConsoleFormatter(Options.Create(new NamedConsoleFormatterOptions
        {
            ProcessName = "api", TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fff ", UseUtcTimestamp = true,
        }));
        using var writer = new StringWriter();
        formatter.Write(new LogEntry<string>(LogLevel.Information, "Ticketing.Api", new EventId(1), "hello", null, (s, _) => s), null, writer);

        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3} \[api\] info: Ticketing.Api\[1\] hello", writer.ToString());
    }
}
