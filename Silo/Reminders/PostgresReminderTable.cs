using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Ticketing.Silo.Database;

namespace Ticketing.Silo.Reminders;

/// <summary>
/// Reminders in PostgreSQL, on the table, rows and statements of Orleans' ADO.NET reminder table
/// (<c>Database/Sql/0004-orleans-reminders.sql</c>: grain id as its string form, the grain's uniform hash as a signed
/// integer for the ring ranges, the period in milliseconds, the version as ETag), with registrations and removals sent
/// through the silo's <see cref="PostgresWriteBatcher"/> alongside grain-state writes. Every booking saga registers a
/// backstop reminder and removes it when done: two writes a booking that no longer cost a commit each.
/// </summary>
public sealed class PostgresReminderTable(string connectionString, string serviceId, PostgresWriteBatcher writes) : IReminderTable
{
    private ReminderQueries? _queries;

    private ReminderQueries Queries => _queries ?? throw new InvalidOperationException("The reminder table is used before the silo started it.");

    public async Task StartAsync(CancellationToken cancellationToken = default)
        => _queries = await ReminderQueries.LoadAsync(connectionString, cancellationToken);

    public Task<ReminderTableData> ReadRows(GrainId grainId)
        => ReadAsync(Queries.ReadGrainRows, p => p.Add(new NpgsqlParameter("GrainId", NpgsqlDbType.Varchar) { Value = grainId.ToString() }));

    public Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        // The ring range (begin, end]; when it wraps past the largest hash it is two ranges, as in Orleans' table.
        var query = unchecked((int)begin) < unchecked((int)end) ? Queries.ReadRange : Queries.ReadWrappedRange;
        return ReadAsync(query, p =>
        {
            p.Add(new NpgsqlParameter("BeginHash", NpgsqlDbType.Integer) { Value = unchecked((int)begin) });
            p.Add(new NpgsqlParameter("EndHash", NpgsqlDbType.Integer) { Value = unchecked((int)end) });
        });
    }

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        var rows = await ReadAsync(Queries.ReadRow, p =>
        {
            p.Add(new NpgsqlParameter("GrainId", NpgsqlDbType.Varchar) { Value = grainId.ToString() });
            p.Add(new NpgsqlParameter("ReminderName", NpgsqlDbType.Varchar) { Value = reminderName });
        });
        return rows.Reminders.FirstOrDefault();
    }

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        var version = await writes.WriteAsync(ReminderWrite.Upsert(Queries.Upsert, entry));
        return version?.ToString(CultureInfo.InvariantCulture)
            ?? throw new InvalidOperationException($"Registering reminder {entry.ReminderName} of {entry.GrainId} answered no version.");
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        if (!int.TryParse(eTag, NumberStyles.Integer, CultureInfo.InvariantCulture, out var version))
        {
            // No row was ever stored under such an ETag.
            return false;
        }

        return await writes.WriteAsync(ReminderWrite.Delete(Queries.Delete, grainId, reminderName, version)) > 0;
    }

    public async Task TestOnlyClearTable()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Queries.DeleteAll, connection);
        command.Parameters.Add(new NpgsqlParameter("ServiceId", NpgsqlDbType.Varchar) { Value = serviceId });
        await command.ExecuteNonQueryAsync();
    }

    private async Task<ReminderTableData> ReadAsync(string sql, Action<NpgsqlParameterCollection> bind)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter("ServiceId", NpgsqlDbType.Varchar) { Value = serviceId });
        bind(command.Parameters);
        var entries = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = reader.GetFieldValue<DateTime>(2),
                Period = TimeSpan.FromMilliseconds(reader.GetInt64(3)),
                ETag = reader.GetInt32(4).ToString(CultureInfo.InvariantCulture),
            });
        }

        return new ReminderTableData(entries);
    }
}
