using Npgsql;

namespace Ticketing.Silo.Database;

/// <summary>
/// One write waiting for a batch (<see cref="PostgresWriteBatcher"/>): a statement answering one integer (a new
/// version, a row count) or no row, its parameters, and the caller waiting for that answer.
/// </summary>
public abstract class BatchedWrite(string sql)
{
    private readonly TaskCompletionSource<int?> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Sql { get; } = sql;

    /// <summary>Order of arrival, so two writes of the same row in one batch keep their order.</summary>
    internal long Sequence { get; set; }

    public Task<int?> Outcome => _outcome.Task;

    /// <summary>Which table the write locks a row of; batches lock tables in this order.</summary>
    protected abstract int Table { get; }

    public abstract void Bind(NpgsqlParameterCollection parameters, string serviceId);

    /// <summary>Orders two writes to rows of the same table by their keys.</summary>
    protected abstract int CompareRow(BatchedWrite other);

    /// <summary>
    /// A total order on the rows a batch writes, the same in every batch: two batches touching the same rows then take
    /// their locks in the same order and wait for each other instead of deadlocking.
    /// </summary>
    public static int LockOrder(BatchedWrite a, BatchedWrite b)
    {
        var c = a.Table.CompareTo(b.Table);
        if (c == 0) c = a.CompareRow(b);
        if (c == 0) c = a.Sequence.CompareTo(b.Sequence);
        return c;
    }

    public override string ToString() => GetType().Name;

    internal void Succeed(int? answer) => _outcome.TrySetResult(answer);

    internal void Fail(Exception exception) => _outcome.TrySetException(exception);
}
