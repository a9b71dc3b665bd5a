using System.IO.Compression;
using System.Text.Json;

namespace Ticketing.Bench;

/// <summary>
/// What the buyers' screens show: the event's seat map, re-read every <see cref="Period"/> by one reader and shared.
/// A box-office app lets people pick seats that are shown free, so explicit requests aim at seats that were free a
/// moment ago and still race each other for them (the map is stale by up to a period plus the server's own lag).
/// Without it, buyers asking for random seats of a nearly sold-out event measure refusals, not sales.
/// </summary>
public sealed class SeatMapWatcher(HttpClient http, string eventId)
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(500);

    /// <summary>Free seat numbers per row, rows in the map's order (front first); empty rows left out.</summary>
    public volatile IReadOnlyList<FreeRow> Free = [];

    public sealed record FreeRow(string Section, string Row, int[] Numbers);

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/events/{eventId}/seats");
                request.Headers.AcceptEncoding.ParseAdd("gzip");
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop);
                response.EnsureSuccessStatusCode();
                await using var raw = await response.Content.ReadAsStreamAsync(stop);
                await using var body = response.Content.Headers.ContentEncoding.Contains("gzip") ? new GZipStream(raw, CompressionMode.Decompress) : raw;
                using var map = await JsonDocument.ParseAsync(body, cancellationToken: stop);
                Free = Parse(map.RootElement);
                await Task.Delay(Period, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or IOException or InvalidDataException)
            {
                // The seat map is also measured by its own operation; here a failed read just keeps the last one.
                await Task.Delay(Period, CancellationToken.None);
            }
        }
    }

    private static List<FreeRow> Parse(JsonElement map)
    {
        var rows = new List<FreeRow>();
        string? section = null, row = null;
        var numbers = new List<int>();
        foreach (var seat in map.GetProperty("seats").EnumerateArray())
        {
            var id = seat.GetProperty("id").GetString()!;
            var parts = id.Split('-');
            if (parts[0] != section || parts[1] != row)
            {
                Flush();
                section = parts[0];
                row = parts[1];
            }

            if (seat.GetProperty("status").ValueEquals("available"u8))
            {
                numbers.Add(int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        Flush();
        return rows;

        void Flush()
        {
            if (section is not null && numbers.Count > 0)
            {
                rows.Add(new FreeRow(section, row!, [.. numbers]));
            }

            numbers.Clear();
        }
    }
}
