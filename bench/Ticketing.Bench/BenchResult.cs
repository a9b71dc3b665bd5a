namespace Ticketing.Bench;

public sealed record BenchResult(
    string Mode,
    string Machine,
    DateTimeOffset StartedAt,
    int Seats,
    int Buyers,
    int Concurrency,
    double DurationSeconds,
    int HoldsSucceeded,
    double HoldsPerSecond,
    int BookingsConfirmed,
    double BookingsPerSecond,
    double SeatMapReadsPerSecond,
    IReadOnlyList<OperationStats> Operations,
    IReadOnlyDictionary<string, int> Outcomes,
    IReadOnlyDictionary<string, string> ErrorExamples,
    double? ServerCpuPercentOfOneCore,
    long? ServerPeakRssBytes,
    double? PostgresCommitsPerSecond,
    IReadOnlyList<string> Violations);
