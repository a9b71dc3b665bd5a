using Ticketing.Silo.Database;

namespace Ticketing.Silo.Reminders;

/// <summary>The reminder statements, from <c>OrleansQuery</c> where our migration keeps them.</summary>
public sealed record ReminderQueries(
    string ReadGrainRows, string ReadRow, string ReadRange, string ReadWrappedRange, string Upsert, string Delete, string DeleteAll)
{
    public static async Task<ReminderQueries> LoadAsync(string connectionString, CancellationToken cancellationToken)
    {
        var texts = await OrleansQueries.LoadAsync(connectionString,
            ["ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "UpsertReminderRowKey", "DeleteReminderRowKey", "DeleteReminderRowsKey"],
            cancellationToken);
        return new ReminderQueries(texts[0], texts[1], texts[2], texts[3], texts[4], texts[5], texts[6]);
    }
}
