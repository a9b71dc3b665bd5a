using System.Collections.Immutable;
using System.IO.Compression;
using Ticketing.Events;
using Ticketing.Seats;

namespace Ticketing.Api.Events;

/// <summary>
/// One rendering of an event's seat map (the body of <c>GET /events/{id}/seats</c>) with what the endpoints need to
/// decide who may see it, and the per-category counts for <c>GET /events/{id}</c>.
/// </summary>
public sealed class SeatMap(string eventId, EventStatus status, string organizerId, long version, byte[] json, ImmutableArray<CategoryAvailability> categories)
{
    private readonly Lazy<byte[]> _gzip = new(() => Compress(json));

    public string EventId { get; } = eventId;

    public EventStatus Status { get; } = status;

    public string OrganizerId { get; } = organizerId;

    /// <summary>The availability view's version: the map changes only when it does.</summary>
    public long Version { get; } = version;

    /// <summary>Weak, because the gzip and identity encodings of one version share it.</summary>
    public string ETag { get; } = $"W/\"{version}\"";

    public byte[] Json { get; } = json;

    /// <summary>Compressed once per version on first demand (a 50,000-seat map shrinks about twentyfold).</summary>
    public byte[] Gzip => _gzip.Value;

    public ImmutableArray<CategoryAvailability> Categories { get; } = categories;

    /// <summary>True if an <c>If-None-Match</c> header names this version (weak comparison, RFC 9110 13.1.2).</summary>
    public bool MatchesAny(IEnumerable<string?> ifNoneMatch)
    {
        foreach (var header in ifNoneMatch)
        {
            foreach (var tag in (header ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (tag == "*" || (tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag) == ETag[2..])
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static byte[] Compress(byte[] json)
    {
        using var output = new MemoryStream(json.Length / 8);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(json);
        }

        return output.ToArray();
    }
}
