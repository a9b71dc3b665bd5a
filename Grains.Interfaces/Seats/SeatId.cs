using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Ticketing.Seats;

/// <summary>
/// A seat's id <c>SECTION-ROW-NUMBER</c> (e.g. <c>ORCH-C-14</c>). Section and row ids never contain '-',
/// so the parse is unambiguous (event validation enforces it).
/// </summary>
[GenerateSerializer, Immutable, Alias("ticketing.SeatId")]
public readonly record struct SeatId([property: Id(0)] string Section, [property: Id(1)] string Row, [property: Id(2)] int Number)
    : IComparable<SeatId>
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Section}-{Row}-{Number}");

    public static bool TryParse([NotNullWhen(true)] string? text, out SeatId seat)
    {
        seat = default;
        if (string.IsNullOrEmpty(text) || text.Length > 80)
        {
            return false;
        }

        var parts = text.Split('-');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1
            || parts[2].StartsWith('0'))
        {
            return false;
        }

        seat = new SeatId(parts[0], parts[1], number);
        return true;
    }

    /// <summary>Section, then row, then number: the one acquisition order every hold uses (SPEC section 5).</summary>
    public int CompareTo(SeatId other)
    {
        var c = string.CompareOrdinal(Section, other.Section);
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(Row, other.Row);
        return c != 0 ? c : Number.CompareTo(other.Number);
    }
}
