using System.Collections.Concurrent;
using System.Text.Json;
using Ticketing.Seats;

namespace Ticketing.Api.Events;

/// <summary>
/// Renders <c>GET /events/{id}/seats</c> straight to UTF-8 JSON and keeps the latest rendering per event, so a
/// 50,000-seat map costs one serialization per change of the map, not one per request.
/// </summary>
public sealed class SeatMapWriter
{
    private readonly ConcurrentDictionary<string, (long Version, byte[] Json)> _latest = new(StringComparer.Ordinal);

    public byte[] Render(EventAvailability availability, IReadOnlyDictionary<string, string> generalAdmissionNames)
    {
        if (_latest.TryGetValue(availability.EventId, out var cached) && cached.Version == availability.Version)
        {
            return cached.Json;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64 + (availability.Rows.Sum(r => r.Seats.Length) * 56));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("eventId", availability.EventId);
            json.WriteNumber("version", availability.Version);
            json.WriteStartArray("seats");
            foreach (var row in availability.Rows)
            {
                var prefix = $"{row.SectionId}-{row.RowId}-";
                for (var i = 0; i < row.Seats.Length; i++)
                {
                    json.WriteStartObject();
                    json.WriteString("id", prefix + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    json.WriteString("categoryId", row.CategoryId);
                    json.WriteString("status", row.Seats[i] switch
                    {
                        SeatStatus.Available => "available",
                        SeatStatus.Held => "held",
                        _ => "sold",
                    });
                    json.WriteEndObject();
                }
            }

            json.WriteEndArray();
            json.WriteStartArray("generalAdmission");
            foreach (var ga in availability.GeneralAdmission)
            {
                json.WriteStartObject();
                json.WriteString("id", ga.CategoryId);
                json.WriteString("name", generalAdmissionNames.GetValueOrDefault(ga.CategoryId, ga.CategoryId));
                json.WriteNumber("capacity", ga.Capacity);
                json.WriteNumber("available", ga.Available);
                json.WriteNumber("held", ga.Held);
                json.WriteNumber("sold", ga.Sold);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        var bytes = buffer.WrittenSpan.ToArray();
        _latest[availability.EventId] = (availability.Version, bytes);
        return bytes;
    }
}
