namespace Ticketing.Silo.Storage.Postgres;

/// <summary>
/// One grain's write or clear waiting for a batch: the statement, its parameters, and the caller waiting for the
/// version the database answers (null when no row matched).
/// </summary>
public sealed class StateWrite(StoredStateKey key, string sql, int? expectedVersion, byte[]? payload)
{
    private readonly TaskCompletionSource<int?> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StoredStateKey Key { get; } = key;
    public string Sql { get; } = sql;
    public int? ExpectedVersion { get; } = expectedVersion;
    public byte[]? Payload { get; } = payload;

    public Task<int?> Outcome => _outcome.Task;

    public void Succeed(int? version) => _outcome.TrySetResult(version);

    public void Fail(Exception exception) => _outcome.TrySetException(exception);
}
