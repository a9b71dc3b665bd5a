using Npgsql;

namespace Ticketing.Bench;

/// <summary>
/// What the product wrote to PostgreSQL: rows inserted, updated or deleted in the grain-state and reminder tables
/// (each one a durable write) and committed transactions, read from PostgreSQL's own statistics before and after the
/// sale (SPEC section 10: durable writes per hold and per booking are reported, so they can be kept down).
/// </summary>
public sealed record DatabaseWrites(long StateRows, long ReminderRows, long Commits)
{
    public static async Task<DatabaseWrites> ReadAsync(string connectionString)
    {
        // Other sessions' statistics reach the shared counters at most about once a second.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT
              coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del) FILTER (WHERE relname = 'orleansstorage'), 0)::bigint,
              coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del) FILTER (WHERE relname = 'orleansreminderstable'), 0)::bigint,
              (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database())::bigint
            FROM pg_stat_user_tables
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new DatabaseWrites(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    public DatabaseWrites Since(DatabaseWrites before)
        => new(StateRows - before.StateRows, ReminderRows - before.ReminderRows, Commits - before.Commits);
}
