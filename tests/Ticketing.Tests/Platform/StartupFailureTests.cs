using Ticketing.Silo.Hosting;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Platform;

/// <summary>Bad configuration stops the real host processes at once with one readable line.</summary>
public sealed class StartupFailureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_api_in_postgresql_mode_without_a_connection_string_exits_with_a_one_line_reason()
    {
        var outcome = await HostProcess.RunToExitAsync("Api", "Ticketing.Api.dll",
            new Dictionary<string, string> { ["Ticketing__Hosting__Mode"] = "PostgreSql" }, Timeout);

        Assert.Equal(StartupGuard.ConfigurationError, outcome.ExitCode);
        var line = Assert.Single(outcome.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("ConnectionStrings:Ticketing", line);
        Assert.DoesNotContain("   at ", outcome.StandardError + outcome.StandardOutput);
    }

    [Fact]
    public async Task The_api_with_an_unsupported_invariant_exits_with_a_one_line_reason()
    {
        var outcome = await HostProcess.RunToExitAsync("Api", "Ticketing.Api.dll", new Dictionary<string, string>
        {
            ["ConnectionStrings__Ticketing"] = "Host=127.0.0.1;Database=x",
            ["Ticketing__Hosting__DatabaseInvariant"] = "MySql.Data.MySqlClient",
        }, Timeout);

        Assert.Equal(StartupGuard.ConfigurationError, outcome.ExitCode);
        Assert.Contains("Npgsql", Assert.Single(outcome.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task The_api_with_stripe_enabled_but_no_keys_exits_with_a_one_line_reason_naming_the_settings()
    {
        // Embedded mode: options validation is the first thing to fail, with no database to reach first.
        var outcome = await HostProcess.RunToExitAsync("Api", "Ticketing.Api.dll",
            new Dictionary<string, string> { ["Payments__Stripe__Enabled"] = "true" }, Timeout);

        Assert.Equal(StartupGuard.ConfigurationError, outcome.ExitCode);
        var line = Assert.Single(outcome.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("api: configuration error:", line);
        Assert.Contains("Payments:Stripe:SecretKey", line);
        Assert.DoesNotContain("   at ", outcome.StandardError + outcome.StandardOutput);
    }

    [Fact]
    public async Task The_api_with_several_invalid_options_names_them_all_on_one_line()
    {
        var outcome = await HostProcess.RunToExitAsync("Api", "Ticketing.Api.dll", new Dictionary<string, string>
        {
            ["Payments__Stripe__Enabled"] = "true",
            ["Ticketing__Tickets__SigningKey"] = "too-short",
        }, Timeout);

        Assert.Equal(StartupGuard.ConfigurationError, outcome.ExitCode);
        var line = Assert.Single(outcome.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Payments:Stripe:SecretKey", line);
        Assert.Contains("Ticketing:Tickets:SigningKey", line);
        Assert.DoesNotContain("   at ", outcome.StandardError + outcome.StandardOutput);
    }

    [Fact]
    public async Task The_silo_with_an_unreachable_database_exits_with_a_one_line_reason()
    {
        var deadPort = FreePort.Next();
        var outcome = await HostProcess.RunToExitAsync("Silo", "Ticketing.Silo.dll", new Dictionary<string, string>
        {
            ["ConnectionStrings__Ticketing"] = $"Host=127.0.0.1;Port={deadPort};Database=ticketing;Username=x;Password=y;Timeout=3",
        }, Timeout);

        Assert.Equal(StartupGuard.DatabaseError, outcome.ExitCode);
        var line = Assert.Single(outcome.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("silo: database error:", line);
        Assert.DoesNotContain("   at ", outcome.StandardError);
    }
}
