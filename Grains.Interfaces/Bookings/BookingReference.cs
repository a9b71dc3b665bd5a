using System.Security.Cryptography;

namespace Ticketing.Bookings;

/// <summary>
/// Human-readable booking references <c>BK-XXXXXXXX</c>: 8 characters from an alphabet without look-alikes
/// (no 0/O, 1/I/L), drawn from a CSPRNG: 31^8 (about 8.5e11) values, so they are short yet unguessable.
/// Uniqueness is enforced by <see cref="IBookingReferenceGrain"/>, not by chance.
/// </summary>
public static class BookingReference
{
    public const string Prefix = "BK-";

    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    public const int RandomLength = 8;

    public static string New() => Prefix + RandomNumberGenerator.GetString(Alphabet, RandomLength);

    /// <summary>True for references <see cref="New"/> could have made; lower case is accepted (people type them).</summary>
    public static bool IsWellFormed(string? reference)
        => reference is { Length: 11 }
           && reference.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
           && reference.AsSpan(Prefix.Length).ToString().ToUpperInvariant().All(c => Alphabet.Contains(c, StringComparison.Ordinal));

    /// <summary>The canonical (upper-case) form used as the grain key.</summary>
    public static string Normalize(string reference) => reference.ToUpperInvariant();
}
