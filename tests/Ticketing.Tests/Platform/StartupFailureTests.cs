using Ticketing.Silo.Hosting;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Platform;

/// <summary>Bad configuration stops the real host processes at once with one readable line.</summary>
public sealed class StartupFailureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>The process stopped with <paramref name="exitCode"/>, one line on stderr naming every setting in <paramref name="mentions"/>, and no stack trace anywhere.</summary>
    private static string AssertOneLineFailure(HostProcess.Outcome outcome, int exitCode, params string[] mentions)
    {
        Assert.Equal(exitCode, outcome.ExitCode);
        var line = Assert.Single(outcome.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        foreach (var mention in mentions)
        {
            Assert.Contains(mention, line);
        }

        Assert.DoesNotContain("   at ", outcome.StandardError + outcome.StandardOutput);
        return line;
    }

    [Fact]
    public async Task The_api_in_postgresql_mode_without_a_connection_string_exits_with_a_one_line_reason()
    {
        var outcome = await HostProcess.RunToExitAsync("Api", "Ticketing.Api.dll",
            new Dictionary<string, string> { ["Ticketing__Hosting__Mode"] = "PostgreSql" }, Timeout);

        AssertOneLineFailure(outcome, StartupGuard.ConfigurationError, "ConnectionStrings:Ticketing");
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

        var line = AssertOneLineFailure(outcome, StartupGuard.ConfigurationError, "Payments:Stripe:SecretKey");
        Assert.StartsWith("api: configuration error:", line);
    }

    [Fact]
    public async Task The_api_with_several_invalid_options_names_them_all_on_one_line()
    {
        var outcome = await HostProcess.RunToExitAsync("Api", "Ticketing.Api.dll", new Dictionary<string, string>
        {
            ["Payments__Stripe__Enabled"] = "true",
            ["Ticketing__Tickets__SigningKey"] = "too-short",
        }, Timeout);

        AssertOneLineFailure(outcome, StartupGuard.ConfigurationError, "Payments:Stripe:SecretKey", "Ticketing:Tickets:SigningKey");
    }

    [Fact]
    public async Task The_silo_with_an_unreachable_database_exits_with_a_one_line_reason()
    {
        var deadPort = FreePort.Next();
        var outcome = await HostProcess.RunToExitAsync("Silo", "Ticketing.Silo.dll", new Dictionary<string, string>
        {
            ["ConnectionStrings__Ticketing"] = $"Host=127.0.0.1;Port={deadPort};Database=ticketing;Username=x;Password=y;Timeout=3",
        }, Timeout);

        Assert.StartsWith("silo: database error:", AssertOneLineFailure(outcome, StartupGuard.DatabaseError));
    }
}
