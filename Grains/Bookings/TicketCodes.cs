using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Ticketing.Common;

namespace Ticketing.Bookings;

/// <summary>
/// Signed ticket codes <c>TK1.{bookingId}.{base64url(seat id)}.{base64url(HMAC-SHA256)[..22]}</c>: anyone at the door
/// can check a code offline-style against the key, and nobody can forge one for a seat or booking they do not hold.
/// The booking decides whether a genuine code is still valid (Confirmed, seat in the booking).
/// </summary>
public sealed class TicketCodes(IOptions<TicketOptions> options)
{
    private const string Version = "TK1";

    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.SigningKey
        ?? throw new InvalidOperationException("Ticketing:Tickets:SigningKey is not set."));

    public string Create(string bookingId, string seatId)
    {
        var seat = Base64Url(Encoding.UTF8.GetBytes(seatId));
        return $"{Version}.{bookingId}.{seat}.{Sign(bookingId, seatId)}";
    }

    /// <summary>Reads the booking id from a code's shape (no signature check): used to route the check to the booking.</summary>
    public static bool TryReadBookingId(string? code, [NotNullWhen(true)] out string? bookingId)
    {
        bookingId = null;
        var parts = code?.Split('.');
        if (parts is not { Length: 4 } || parts[0] != Version || !Ids.IsWellFormed(parts[1]))
        {
            return false;
        }

        bookingId = parts[1];
        return true;
    }

    /// <summary>True if the code is genuine (signed with our key); then <paramref name="seatId"/> is the seat it admits.</summary>
    public bool TryVerify(string? code, [NotNullWhen(true)] out string? bookingId, [NotNullWhen(true)] out string? seatId)
    {
        seatId = null;
        if (!TryReadBookingId(code, out bookingId))
        {
            return false;
        }

        var parts = code!.Split('.');
        try
        {
            seatId = Encoding.UTF8.GetString(Base64UrlDecode(parts[2]));
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(bookingId, seatId));
        var actual = Encoding.ASCII.GetBytes(parts[3]);
        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            seatId = null;
            return false;
        }

        return true;
    }

    private string Sign(string bookingId, string seatId)
    {
        var mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{Version}|{bookingId}|{seatId}"));
        return Base64Url(mac)[..22];
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Base64UrlDecode(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s + new string('=', (4 - s.Length % 4) % 4));
    }
}
