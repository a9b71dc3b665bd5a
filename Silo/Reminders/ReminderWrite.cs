using Npgsql;
using NpgsqlTypes;
using Ticketing.Silo.Database;

namespace Ticketing.Silo.Reminders;

/// <summary>
/// A reminder row's upsert (answers its new version) or delete at a version (answers how many rows went), in the
/// parameters of our migration's <c>UpsertReminderRowKey</c> and <c>DeleteReminderRowKey</c>.
/// </summary>
public sealed class ReminderWrite : BatchedWrite
{
    private readonly string _grainId;
    private readonly string _reminderName;
    private readonly Action<NpgsqlParameterCollection> _bindRest;

    private ReminderWrite(string sql, string grainId, string reminderName, Action<NpgsqlParameterCollection> bindRest) : base(sql)
    {
        _grainId = grainId;
        _reminderName = reminderName;
        _bindRest = bindRest;
    }

    public static ReminderWrite Upsert(string sql, ReminderEntry entry)
    {
        // Stored as UTC; an unspecified kind is taken as UTC, as Orleans' own table does.
        var startAt = entry.StartAt.Kind is DateTimeKind.Unspecified ? DateTime.SpecifyKind(entry.StartAt, DateTimeKind.Utc) : entry.StartAt.ToUniversalTime();
        var period = (long)entry.Period.TotalMilliseconds;
        var hash = unchecked((int)entry.GrainId.GetUniformHashCode());
        return new ReminderWrite(sql, entry.GrainId.ToString(), entry.ReminderName, p =>
        {
            p.Add(new NpgsqlParameter("StartTime", NpgsqlDbType.TimestampTz) { Value = startAt });
            p.Add(new NpgsqlParameter("Period", NpgsqlDbType.Bigint) { Value = period });
            p.Add(new NpgsqlParameter("GrainHash", NpgsqlDbType.Integer) { Value = hash });
        });
    }

    public static ReminderWrite Delete(string sql, GrainId grainId, string reminderName, int version)
        => new(sql, grainId.ToString(), reminderName, p => p.Add(new NpgsqlParameter("Version", NpgsqlDbType.Integer) { Value = version }));

    protected override int Table => 2;

    public override void Bind(NpgsqlParameterCollection parameters, string serviceId)
    {
        parameters.Add(new NpgsqlParameter("ServiceId", NpgsqlDbType.Varchar) { Value = serviceId });
        parameters.Add(new NpgsqlParameter("GrainId", NpgsqlDbType.Varchar) { Value = _grainId });
        parameters.Add(new NpgsqlParameter("ReminderName", NpgsqlDbType.Varchar) { Value = _reminderName });
        _bindRest(parameters);
    }

    protected override int CompareRow(BatchedWrite other)
    {
        var that = (ReminderWrite)other;
        var c = string.CompareOrdinal(_grainId, that._grainId);
        return c != 0 ? c : string.CompareOrdinal(_reminderName, that._reminderName);
    }

    public override string ToString() => $"reminder {_reminderName} of {_grainId}";
}
