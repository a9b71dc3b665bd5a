using Npgsql;
using NpgsqlTypes;

namespace Ticketing.Events.Catalog;

/// <summary>
/// The catalog table <c>ticketing_event_catalog</c> (schema migrations 0005 and 0006): full-text search over name, venue
/// and description with PostgreSQL's english configuration; writes never replace a newer version.
/// </summary>
public sealed class PostgresEventCatalog(NpgsqlDataSource dataSource) : IEventCatalog
{
    public async Task UpsertAsync(EventCatalogEntry e, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO ticketing_event_catalog
                (event_id, organizer_id, name, description, venue, city, starts_at, status, currency, version, sales_end_at, updated_at)
            VALUES (@id, @organizer, @name, @description, @venue, @city, @starts, @status, @currency, @version, @salesEnd, now())
            ON CONFLICT (event_id) DO UPDATE SET
                organizer_id = excluded.organizer_id, name = excluded.name, description = excluded.description,
                venue = excluded.venue, city = excluded.city, starts_at = excluded.starts_at, status = excluded.status,
                currency = excluded.currency, version = excluded.version, sales_end_at = excluded.sales_end_at, updated_at = now()
            WHERE ticketing_event_catalog.version < excluded.version
            """);
        command.Parameters.AddWithValue("id", e.EventId);
        command.Parameters.AddWithValue("organizer", e.OrganizerId);
        command.Parameters.AddWithValue("name", e.Name);
        command.Parameters.AddWithValue("description", e.Description);
        command.Parameters.AddWithValue("venue", e.Venue);
        command.Parameters.AddWithValue("city", e.City);
        command.Parameters.AddWithValue("starts", e.StartsAt.UtcDateTime);
        command.Parameters.AddWithValue("status", e.Status.ToString());
        command.Parameters.AddWithValue("currency", e.Currency);
        command.Parameters.AddWithValue("version", e.Version);
        command.Parameters.Add(new NpgsqlParameter("salesEnd", NpgsqlDbType.TimestampTz) { Value = (object?)e.SalesEndAt?.UtcDateTime ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<EventSearchPage> SearchAsync(EventSearchQuery query, CancellationToken cancellationToken)
    {
        const string Filter = """
            FROM ticketing_event_catalog
            WHERE status = 'OnSale'
              AND (@text::text IS NULL OR search @@ plainto_tsquery('english', @text::text))
              AND (@city::text IS NULL OR lower(city) = lower(@city::text))
              AND (@from::timestamptz IS NULL OR starts_at >= @from::timestamptz)
              AND (@to::timestamptz IS NULL OR starts_at <= @to::timestamptz)
              AND (@open::timestamptz IS NULL OR (starts_at > @open::timestamptz AND (sales_end_at IS NULL OR sales_end_at > @open::timestamptz)))
            """;
        await using var command = dataSource.CreateCommand($"""
            SELECT event_id, organizer_id, name, description, venue, city, starts_at, status, currency, version,
                   count(*) OVER () AS total, sales_end_at
            {Filter}
            ORDER BY starts_at, event_id
            OFFSET @skip LIMIT @take
            """);
        command.Parameters.Add(new NpgsqlParameter("text", NpgsqlDbType.Text) { Value = (object?)NullIfBlank(query.Text) ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("city", NpgsqlDbType.Text) { Value = (object?)NullIfBlank(query.City) ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = (object?)query.From?.UtcDateTime ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.TimestampTz) { Value = (object?)query.To?.UtcDateTime ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("open", NpgsqlDbType.TimestampTz) { Value = (object?)query.OpenAt?.UtcDateTime ?? DBNull.Value });
        command.Parameters.AddWithValue("skip", query.Skip);
        command.Parameters.AddWithValue("take", query.Take);

        var items = new List<EventCatalogEntry>();
        long total = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new EventCatalogEntry(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                new DateTimeOffset(reader.GetDateTime(6), TimeSpan.Zero), Enum.Parse<EventStatus>(reader.GetString(7)), reader.GetString(8), reader.GetInt64(9),
                reader.IsDBNull(11) ? null : new DateTimeOffset(reader.GetDateTime(11), TimeSpan.Zero)));
            total = reader.GetInt64(10);
        }

        if (items.Count == 0 && query.Skip > 0)
        {
            // Past the last page: still report how many there are.
            await using var count = dataSource.CreateCommand($"SELECT count(*) {Filter}");
            foreach (NpgsqlParameter p in command.Parameters)
            {
                if (p.ParameterName is not ("skip" or "take"))
                {
                    count.Parameters.Add(p.Clone());
                }
            }

            total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        return new EventSearchPage([.. items], total);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
