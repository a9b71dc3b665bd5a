using System.Diagnostics.Metrics;

namespace Ticketing.Silo.Database;

/// <summary>
/// What the write batcher does, as .NET metrics (meter <see cref="MeterName"/>): how many batches and writes, how
/// many writes each batch carried, and how many batches PostgreSQL rejected or failed. Read them with
/// <c>dotnet-counters monitor -p PID --counters Ticketing.Storage</c> or any OpenTelemetry exporter.
/// </summary>
public static class WriteBatchMetrics
{
    public const string MeterName = "Ticketing.Storage";

    /// <summary>Every measurement carries the Orleans service id of the silo that made it.</summary>
    public const string ServiceTag = "service.id";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Batches = Meter.CreateCounter<long>("ticketing.storage.batches", description: "Batches of writes sent to PostgreSQL, each one round trip and one transaction");

    public static readonly Counter<long> Writes = Meter.CreateCounter<long>("ticketing.storage.writes", description: "Grain-state and reminder writes sent in batches");

    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("ticketing.storage.batch.size", description: "Writes per batch");

    public static readonly Counter<long> Rejected = Meter.CreateCounter<long>("ticketing.storage.batches.rejected", description: "Batches PostgreSQL rejected, then retried write by write");

    public static readonly Counter<long> Failed = Meter.CreateCounter<long>("ticketing.storage.batches.failed", description: "Batches whose outcome is unknown (connection lost): every write in them failed");
}
