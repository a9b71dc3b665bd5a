using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Ticketing.Bench;

/// <summary>
/// The machine's PostgreSQL commit rate: pgbench running a single-row INSERT transaction at the bench's client
/// count, so the product's figures read as a ratio to that physical limit (SPEC section 10).
/// </summary>
public static partial class PgBench
{
    public static async Task<double?> MeasureCommitsPerSecondAsync(string connectionString, int clients, TextWriter log)
    {
        var pgbench = new[] { "/usr/lib/postgresql/15/bin/pgbench", "/usr/lib/postgresql/16/bin/pgbench", "/usr/bin/pgbench" }.FirstOrDefault(File.Exists);
        if (pgbench is null)
        {
            await log.WriteLineAsync("pgbench not found: install the postgresql package to get the commit-rate baseline");
            return null;
        }

        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        string Get(string key, string fallback) => parts.TryGetValue(key, out var v) ? v : fallback;
        var script = Path.GetTempFileName();
        await File.WriteAllTextAsync(script, "INSERT INTO bench_commit_probe(v) VALUES (1);\n");

        async Task<string> RunAsync(string file, params string[] args)
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args)
            {
                start.ArgumentList.Add(a);
            }

            start.Environment["PGPASSWORD"] = Get("password", "");
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return output;
        }

        var common = new[] { "-h", Get("host", "127.0.0.1"), "-p", Get("port", "5432"), "-U", Get("username", Get("user id", "postgres")) };
        var psql = Path.Combine(Path.GetDirectoryName(pgbench)!, "psql");
        await RunAsync(psql, [.. common, "-d", Get("database", "postgres"), "-c", "CREATE TABLE IF NOT EXISTS bench_commit_probe(id bigserial primary key, v int)"]);
        var n = Math.Clamp(clients, 1, 100).ToString(CultureInfo.InvariantCulture);
        var text = await RunAsync(pgbench, [.. common, "-n", "-c", n, "-j", "2", "-T", "10", "-f", script, Get("database", "postgres")]);
        await RunAsync(psql, [.. common, "-d", Get("database", "postgres"), "-c", "DROP TABLE IF EXISTS bench_commit_probe"]);
        File.Delete(script);
        var match = TpsPattern().Match(text);
        if (!match.Success)
        {
            await log.WriteLineAsync("pgbench gave no tps figure: " + text.Trim());
            return null;
        }

        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"tps = ([0-9.]+)")]
    private static partial Regex TpsPattern();
}
