using Npgsql;

namespace Ticketing.Silo.Storage;

/// <summary>
/// Sweeps the Orleans grain-state table (see <c>Database/Sql/0003-orleans-persistence.sql</c>): the ADO.NET storage
/// keeps a state's name in <c>GrainTypeString</c> and its last write time in <c>ModifiedOn</c> (UTC). An activation still
/// holding a swept record finds out at its next write (stale version), re-reads, and starts from nothing.
/// </summary>
public sealed class PostgresStoredStateSweeper(string connectionString, string serviceId) : IStoredStateSweeper
{
    public async Task<int> DeleteOlderThanAsync(string stateName, TimeSpan age, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            DELETE FROM OrleansStorage
            WHERE ServiceId = @serviceId AND GrainTypeString = @stateName
              AND ModifiedOn < (now() AT TIME ZONE 'utc') - @age
            """, connection);
        command.Parameters.AddWithValue("serviceId", serviceId);
        command.Parameters.AddWithValue("stateName", stateName);
        command.Parameters.AddWithValue("age", age);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
