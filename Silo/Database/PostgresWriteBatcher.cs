using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ticketing.Silo.Database;

/// <summary>
/// Sends the writes of many grains (their state, their reminders) to PostgreSQL together: each batch is one round
/// trip and one transaction, so one commit (one WAL flush) and one pair of system calls on each side stand for many
/// writes. Under a flash sale a booking makes about twenty writes, and per-statement overhead (context switches,
/// commits) was most of both processes' CPU. One per silo, shared by its grain storage and its reminder table.
/// <para>
/// No timer and no waiting for a batch to fill: a write starts a batch at once when fewer than
/// <see cref="MaxConcurrentBatches"/> are in flight, so a quiet system writes as before; under load, writes queue
/// behind the batches in flight and the next batch takes up to <see cref="MaxBatchSize"/> of them.
/// </para>
/// <para>
/// A write's caller learns its outcome only after its batch has committed. The writes of one batch succeed or
/// fail together at the database: when PostgreSQL rejects a batch (the transaction then changed nothing), each
/// write is retried alone so one bad write cannot fail the others; when the connection fails and the outcome is
/// unknown, every write of the batch fails, as a single write would, and each grain re-reads before trusting its
/// state again (its next write carries a version the database may no longer have).
/// </para>
/// </summary>
public sealed class PostgresWriteBatcher(
    string connectionString, string serviceId, ILogger<PostgresWriteBatcher> logger, int maxBatchSize = 64, int maxConcurrentBatches = 8)
{
    public int MaxBatchSize { get; } = maxBatchSize > 0 ? maxBatchSize : throw new ArgumentOutOfRangeException(nameof(maxBatchSize));
    public int MaxConcurrentBatches { get; } = maxConcurrentBatches > 0 ? maxConcurrentBatches : throw new ArgumentOutOfRangeException(nameof(maxConcurrentBatches));

    private long _batchesSent;
    private readonly KeyValuePair<string, object?> _serviceTag = new(WriteBatchMetrics.ServiceTag, serviceId);

    /// <summary>Batches sent so far (each one round trip and one transaction), for tests and diagnostics.</summary>
    public long BatchesSent => Interlocked.Read(ref _batchesSent);

    private readonly ConcurrentQueue<BatchedWrite> _queue = new();
    private int _inFlight;
    private long _sequence;

    public Task<int?> WriteAsync(BatchedWrite write)
    {
        write.Sequence = Interlocked.Increment(ref _sequence);
        _queue.Enqueue(write);
        StartBatchIfIdle();
        return write.Outcome;
    }

    private void StartBatchIfIdle()
    {
        while (!_queue.IsEmpty)
        {
            var running = Volatile.Read(ref _inFlight);
            if (running >= MaxConcurrentBatches)
            {
                // A running loop takes this write: it checks the queue again after it stops counting itself.
                return;
            }

            if (Interlocked.CompareExchange(ref _inFlight, running + 1, running) == running)
            {
                // Off the calling grain's scheduler: the loop serves every grain's writes.
                _ = Task.Run(DrainAsync);
                return;
            }
        }
    }

    private async Task DrainAsync()
    {
        try
        {
            var batch = new List<BatchedWrite>(MaxBatchSize);
            while (TakeBatch(batch))
            {
                await ExecuteAsync(batch).ConfigureAwait(false);
                batch.Clear();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }

        // A write queued after the last look but while this loop still counted itself would wait for the next one.
        StartBatchIfIdle();
    }

    private bool TakeBatch(List<BatchedWrite> batch)
    {
        while (batch.Count < MaxBatchSize && _queue.TryDequeue(out var write))
        {
            batch.Add(write);
        }

        return batch.Count > 0;
    }

    private async Task ExecuteAsync(List<BatchedWrite> batch)
    {
        // Rows are locked in key order in every batch, so two batches touching the same rows wait, never deadlock.
        batch.Sort(BatchedWrite.LockOrder);
        try
        {
            var versions = await RunAsync(batch).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Succeed(versions[i]);
            }
        }
        catch (PostgresException rejected) when (batch.Count > 1)
        {
            // The server refused the transaction, so nothing of it was applied: each write alone decides its own fate.
            WriteBatchMetrics.Rejected.Add(1, _serviceTag);
            logger.LogWarning(rejected, "PostgreSQL rejected a batch of {Count} writes; retrying them one by one", batch.Count);
            foreach (var write in batch)
            {
                await ExecuteAloneAsync(write).ConfigureAwait(false);
            }
        }
        catch (Exception failed)
        {
            WriteBatchMetrics.Failed.Add(1, _serviceTag);
            logger.LogError(failed, "A batch of {Count} writes failed", batch.Count);
            foreach (var write in batch)
            {
                write.Fail(failed);
            }
        }
    }

    private async Task ExecuteAloneAsync(BatchedWrite write)
    {
        try
        {
            write.Succeed((await RunAsync([write]).ConfigureAwait(false))[0]);
        }
        catch (Exception failed)
        {
            logger.LogError(failed, "Writing {Write} failed", write);
            write.Fail(failed);
        }
    }

    private async Task<int?[]> RunAsync(IReadOnlyList<BatchedWrite> writes)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        Interlocked.Increment(ref _batchesSent);
        WriteBatchMetrics.Batches.Add(1, _serviceTag);
        WriteBatchMetrics.Writes.Add(writes.Count, _serviceTag);
        WriteBatchMetrics.BatchSize.Record(writes.Count, _serviceTag);
        foreach (var write in writes)
        {
            var command = new NpgsqlBatchCommand(write.Sql);
            write.Bind(command.Parameters, serviceId);
            batch.BatchCommands.Add(command);
        }

        // Without an explicit transaction PostgreSQL runs the whole batch as one implicit transaction, committed
        // when the batch ends; the reader is drained to that point before any result is handed out.
        var versions = new int?[writes.Count];
        await using (var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false))
        {
            for (var i = 0; i < writes.Count; i++)
            {
                if (i > 0 && !await reader.NextResultAsync().ConfigureAwait(false))
                {
                    throw new InvalidOperationException($"PostgreSQL answered {i} of {writes.Count} writes.");
                }

                versions[i] = await reader.ReadAsync().ConfigureAwait(false) && !reader.IsDBNull(0) ? reader.GetInt32(0) : null;
            }

            while (await reader.NextResultAsync().ConfigureAwait(false))
            {
            }
        }

        return versions;
    }
}
