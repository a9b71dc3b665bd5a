using System.Globalization;

namespace Ticketing.Bench;

/// <summary>Command-line settings of a flash-sale run. Defaults are the full run; <c>--smoke</c> is the CI run.</summary>
public sealed record BenchOptions
{
    /// <summary>Target an already running API (cluster mode); otherwise the bench starts the Api itself.</summary>
    public Uri? Url { get; init; }

    /// <summary>Start the Api in PostgreSQL mode against this database (else embedded).</summary>
    public string? Postgres { get; init; }

    public int Seats { get; init; } = 10_000;
    public int GeneralAdmissionCapacity { get; init; } = 2_000;
    public int Buyers { get; init; } = 1_000;
    public int Concurrency { get; init; } = 256;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);
    public int HoldTtlSeconds { get; init; } = 20;
    public bool Dashboard { get; init; }
    public string AdminEmail { get; init; } = "bench-admin@example.com";
    public string AdminPassword { get; init; } = "bench-admin-password";
    public string? JsonOut { get; init; }

    /// <summary>Fault tests: the sale goes on past the duration until this file exists (at most 10 more minutes).</summary>
    public string? RunUntilFile { get; init; }

    /// <summary>Where to write every 5xx or unanswered request, one line each with its UTC time (fault tests).</summary>
    public string? FailuresOut { get; init; }
    public int Seed { get; init; } = 42;
    public bool Smoke { get; init; }
    public bool PgBench { get; init; } = true;

    /// <summary>
    /// How long after the last hold expired the check waits for the seat map to show no holds. Holds pinned by a
    /// payment that a crash interrupted stay until their saga resumes (a reminder), so fault runs wait longer.
    /// </summary>
    public int SettleSeconds { get; init; } = 30;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--url" => o with { Url = new Uri(Next()) },
                "--postgres" => o with { Postgres = Next() },
                "--seats" => o with { Seats = Int() },
                "--ga" => o with { GeneralAdmissionCapacity = Int() },
                "--buyers" => o with { Buyers = Int() },
                "--concurrency" or "-c" => o with { Concurrency = Int() },
                "--duration" or "-d" => o with { Duration = TimeSpan.FromSeconds(Int()) },
                "--hold-ttl" => o with { HoldTtlSeconds = Int() },
                "--dashboard" => o with { Dashboard = true },
                "--admin-email" => o with { AdminEmail = Next() },
                "--admin-password" => o with { AdminPassword = Next() },
                "--json" => o with { JsonOut = Next() },
                "--failures" => o with { FailuresOut = Next() },
                "--until-file" => o with { RunUntilFile = Next() },
                "--seed" => o with { Seed = Int() },
                "--no-pgbench" => o with { PgBench = false },
                "--settle" => o with { SettleSeconds = Int() },
                "--smoke" => o with
                {
                    Smoke = true, Seats = 400, GeneralAdmissionCapacity = 50, Buyers = 40, Concurrency = 32,
                    Duration = TimeSpan.FromSeconds(6), HoldTtlSeconds = 3, PgBench = false,
                },
                "--help" or "-h" => throw new ArgumentException(Usage),
                _ => throw new ArgumentException($"unknown option {args[i]}\n{Usage}"),
            };
        }

        if (o.Seats < 50 || o.Seats % 50 != 0)
        {
            throw new ArgumentException("--seats must be a positive multiple of 50 (rows of 50 seats)");
        }

        if (o.HoldTtlSeconds is < 1 or > 3600)
        {
            throw new ArgumentException("--hold-ttl must be 1..3600");
        }

        return o;
    }

    public const string Usage = """
        Ticketing.Bench: a flash sale through the HTTP API, with invariant checks at the end.
          --smoke                 a few seconds on a small event (CI)
          --url URL               target a running API (else the bench starts Api itself)
          --postgres CONNSTRING   start the Api in PostgreSQL mode on this database (and run pgbench beside it)
          --seats N (10000)  --ga N (2000)  --buyers N (1000)  -c N (256)  -d SECONDS (60)  --hold-ttl SECONDS (20)
          --dashboard             keep the Orleans dashboard on (off by default: it costs throughput)
          --json FILE             write the results as JSON
          --until-file FILE       keep selling past the duration until FILE exists (fault tests: until the faults are done)
          --failures FILE         write each 5xx or unanswered request as "UTC-time operation status code" (fault tests)
          --settle SECONDS        how long the final check waits for expired and interrupted holds to clear (30)
          --admin-email / --admin-password   the bootstrap admin (the bench sets it when it starts the Api)
        """;
}
