using System.Buffers;
using System.Text;
using System.Text.Json;
using Ticketing.Seats;

namespace Ticketing.Api.Events;

/// <summary>
/// Writes the seat map JSON straight to UTF-8 (SPEC section 9 shape plus <c>generalAdmission</c>): no intermediate
/// objects or strings per seat, so a 50,000-seat map costs a few milliseconds once per version.
/// </summary>
public static class SeatMapRenderer
{
    private static readonly JsonEncodedText EventIdName = JsonEncodedText.Encode("eventId");
    private static readonly JsonEncodedText SeatsName = JsonEncodedText.Encode("seats");
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText CategoryIdName = JsonEncodedText.Encode("categoryId");
    private static readonly JsonEncodedText StatusName = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText Available = JsonEncodedText.Encode("available");
    private static readonly JsonEncodedText Held = JsonEncodedText.Encode("held");
    private static readonly JsonEncodedText Sold = JsonEncodedText.Encode("sold");

    public static byte[] Render(EventAvailability availability, IReadOnlyDictionary<string, string> generalAdmissionNames)
    {
        var seats = 0;
        foreach (var row in availability.Rows)
        {
            seats += row.Seats.Length;
        }

        var buffer = new ArrayBufferWriter<byte>(256 + (seats * 64));
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            json.WriteStartObject();
            json.WriteString(EventIdName, availability.EventId);
            json.WriteStartArray(SeatsName);
            Span<byte> id = stackalloc byte[48];
            foreach (var row in availability.Rows)
            {
                // Section and row ids are [A-Za-z0-9_]{1,16} (event validation), so the id needs no escaping.
                var prefix = Encoding.UTF8.GetBytes(row.SectionId, id) + 1;
                id[prefix - 1] = (byte)'-';
                prefix += Encoding.UTF8.GetBytes(row.RowId, id[prefix..]) + 1;
                id[prefix - 1] = (byte)'-';
                var category = JsonEncodedText.Encode(row.CategoryId);
                for (var i = 0; i < row.Seats.Length; i++)
                {
                    (i + 1).TryFormat(id[prefix..], out var digits, provider: System.Globalization.CultureInfo.InvariantCulture);
                    json.WriteStartObject();
                    json.WriteString(IdName, id[..(prefix + digits)]);
                    json.WriteString(CategoryIdName, category);
                    json.WriteString(StatusName, row.Seats[i] switch
                    {
                        SeatStatus.Available => Available,
                        SeatStatus.Held => Held,
                        _ => Sold,
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

        return buffer.WrittenSpan.ToArray();
    }
}
