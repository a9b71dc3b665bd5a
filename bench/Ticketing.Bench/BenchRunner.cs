using System.Diagnostics;
using System.Text.Json;

namespace Ticketing.Bench;

/// <summary>One flash-sale run from set-up to invariant check. Used by Program and by the CI smoke test.</summary>
public static class BenchRunner
{
    public static async Task<BenchResult> RunAsync(BenchOptions options, TextWriter log)
    {
        ServerProcess? server = null;
        try
        {
            var url = options.Url;
            if (url is null)
            {
                await log.WriteLineAsync($"starting the Api ({(options.Postgres is null ? "embedded" : "PostgreSQL")} mode)...");
                server = await ServerProcess.StartAsync(options, log);
                url = server.Url;
            }

            var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
            using var http = new HttpClient(handler) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
            var recorder = new LatencyRecorder();
            var setupApi = new ApiClient(http);
            var sale = new FlashSale(options, setupApi, new ApiClient(http, recorder), log);
            var model = await sale.SetUpAsync();
            await log.WriteLineAsync($"event {model.EventId}: {options.Seats} seats + {options.GeneralAdmissionCapacity} GA, {options.Concurrency} clients for {options.Duration.TotalSeconds:0} s");

            var writesBefore = options.Postgres is { } database ? await DatabaseWrites.ReadAsync(database) : null;
            server?.Mark();
            var started = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            await sale.RunAsync(model);
            var elapsed = clock.Elapsed;
            var usage = server?.Usage();
            var writes = writesBefore is not null ? (await DatabaseWrites.ReadAsync(options.Postgres!)).Since(writesBefore) : null;
            if (options.FailuresOut is { } failuresOut)
            {
                await File.WriteAllLinesAsync(failuresOut, recorder.Failures.OrderBy(f => f.At)
                    .Select(f => $"{f.At:O} {f.Operation} {f.Status} {f.Code ?? "-"}"));
            }

            var checking = Stopwatch.StartNew();
            var violations = (await new InvariantChecker(options, setupApi, log).CheckAsync(model)).ToList();
            await log.WriteLineAsync($"invariants checked in {checking.Elapsed.TotalSeconds:0.0} s");

            violations.AddRange(UnhandledErrors(recorder.Outcomes));

            double? commits = null;
            if (options.Postgres is not null && options.PgBench)
            {
                commits = await PgBench.MeasureCommitsPerSecondAsync(options.Postgres, options.Concurrency, log);
            }

            return new BenchResult(
                Mode: options.Url is not null ? "external" : options.Postgres is null ? "embedded" : "postgresql",
                Machine: $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
                StartedAt: started,
                Seats: options.Seats,
                Buyers: options.Buyers,
                Concurrency: options.Concurrency,
                DurationSeconds: elapsed.TotalSeconds,
                HoldsSucceeded: model.HoldsSucceeded,
                HoldsPerSecond: model.HoldsSucceeded / elapsed.TotalSeconds,
                BookingsConfirmed: model.BookingsConfirmed,
                BookingsPerSecond: model.BookingsConfirmed / elapsed.TotalSeconds,
                SeatMapReadsPerSecond: model.SeatMapReads / elapsed.TotalSeconds,
                HoldAnswersPerSecond: recorder.Outcomes.Where(o => o.Key.StartsWith("hold ", StringComparison.Ordinal) && !o.Key.StartsWith("hold 0", StringComparison.Ordinal)).Sum(o => o.Value) / elapsed.TotalSeconds,
                SecondsToSellNinetyPercent: model.SoldNinetyPercentAfter?.TotalSeconds,
                HoldsPerSecondWhileSelling: model.SoldNinetyPercentAfter is { } sold ? model.HoldsWhenNinetyPercentSold / sold.TotalSeconds : null,
                BookingsPerSecondWhileSelling: model.SoldNinetyPercentAfter is { } soldOut ? model.BookingsWhenNinetyPercentSold / soldOut.TotalSeconds : null,
                Operations: recorder.Stats(elapsed).ToList(),
                Outcomes: recorder.Outcomes.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(),
                ErrorExamples: recorder.Examples.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(),
                ServerCpuPercentOfOneCore: usage?.CpuPercentOfOneCore,
                ServerPeakRssBytes: usage?.PeakRssBytes,
                PostgresCommitsPerSecond: commits,
                DatabaseWrites: writes,
                Violations: violations);
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// A 500 is a bug whatever the load or the faults (the product answers 503 for what it cannot do right now), so
    /// every kind of 500 answer counts as a violation.
    /// </summary>
    public static IEnumerable<string> UnhandledErrors(IReadOnlyDictionary<string, int> outcomes)
        => outcomes.Where(o => o.Key.Split(' ') is [_, "500", ..]).OrderBy(o => o.Key, StringComparer.Ordinal)
            .Select(o => $"{o.Value} answer(s) '{o.Key}': an unhandled error, never acceptable");

    private static readonly string[] ExpectedRefusals =
        ["seat_unavailable", "sold_out", "payment_declined", "reservation_expired", "hold_limit_reached", "reservation_not_active"];

    public static void Print(BenchResult r, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Flash sale, {r.Mode} mode, {r.Seats} seats, {r.Buyers} buyers, {r.Concurrency} clients, {r.DurationSeconds:0.0} s ({r.Machine})");
        output.WriteLine($"  holds/s      {r.HoldsPerSecond,10:0.0}   ({r.HoldsSucceeded} holds)");
        output.WriteLine($"  bookings/s   {r.BookingsPerSecond,10:0.0}   ({r.BookingsConfirmed} confirmed)");
        output.WriteLine($"  seat maps/s  {r.SeatMapReadsPerSecond,10:0.0}");
        output.WriteLine($"  hold answers/s {r.HoldAnswersPerSecond,8:0.0}   (201 and refusals)");
        if (r.SecondsToSellNinetyPercent is { } sold)
        {
            output.WriteLine($"  90% sold after {sold:0.0} s: {r.HoldsPerSecondWhileSelling:0.0} holds/s and {r.BookingsPerSecondWhileSelling:0.0} bookings/s until then");
        }
        else
        {
            output.WriteLine("  less than 90% sold by the end of the run");
        }
        if (r.PostgresCommitsPerSecond is { } commits)
        {
            output.WriteLine($"  pgbench single-row commits/s {commits:0}: holds at {r.HoldsPerSecond / commits:P0}, bookings at {r.BookingsPerSecond / commits:P0} of it");
        }

        if (r.DatabaseWrites is { } w)
        {
            // Everything the run wrote (refused attempts, expiries, cancels, abandoned holds included), per outcome.
            var total = w.StateRows + w.ReminderRows;
            output.WriteLine($"  durable writes {total} ({w.StateRows} state rows, {w.ReminderRows} reminder rows) in {w.Commits} commits:"
                + $" {(double)total / Math.Max(1, r.HoldsSucceeded):0.0} per successful hold, {(double)total / Math.Max(1, r.BookingsConfirmed):0.0} per confirmed booking");
        }

        if (r.ServerCpuPercentOfOneCore is { } cpu)
        {
            output.WriteLine($"  server CPU {cpu:0}% of one core, peak RSS {r.ServerPeakRssBytes / (1024 * 1024)} MiB");
        }

        output.WriteLine();
        output.WriteLine($"  {"operation",-10} {"count",8} {"per s",9} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8}");
        foreach (var op in r.Operations)
        {
            output.WriteLine($"  {op.Operation,-10} {op.Count,8} {op.PerSecond,9:0.0} {op.P50,8:0.0} {op.P95,8:0.0} {op.P99,8:0.0} {op.Max,8:0.0}");
        }

        output.WriteLine();
        output.WriteLine("  outcomes:");
        foreach (var (key, count) in r.Outcomes)
        {
            output.WriteLine($"    {key,-40} {count,8}");
        }

        // Expected refusals of a flash sale are self-explanatory; anything else shows its first answer.
        var unexpected = r.ErrorExamples.Where(kv => !ExpectedRefusals.Any(kv.Key.EndsWith)).ToList();
        if (unexpected.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("  first answer of each unexpected kind:");
            foreach (var (key, example) in unexpected)
            {
                output.WriteLine($"    {key}: {example.ReplaceLineEndings(" ")}");
            }
        }

        output.WriteLine();
        output.WriteLine(r.Violations.Count == 0 ? "  invariants: all hold" : $"  INVARIANT VIOLATIONS ({r.Violations.Count}):");
        foreach (var v in r.Violations.Take(50))
        {
            output.WriteLine("    " + v);
        }
    }

    public static string ToJson(BenchResult r) => JsonSerializer.Serialize(r, new JsonSerializerOptions(JsonSerializerOptions.Web) { WriteIndented = true });
}
