using System.Collections.Immutable;
using Ticketing.Seats;

namespace Ticketing.Events;

/// <summary>
/// The free seats of a row nearest its middle, the lower number first when two are as near: the order a box office
/// offers scattered seats in. Walks outwards from the middle and stops once it has enough, without sorting or
/// allocating: best-available asks this of row after row while a category sells out (the LINQ sort it replaced
/// allocated a closure for every row of the category on every request, 10% of all bytes allocated in a flash sale).
/// </summary>
public static class MiddleOutSeats
{
    /// <summary>Adds up to <paramref name="wanted"/> free seats of the row to <paramref name="into"/>.</summary>
    public static void AddNearestMiddle(ImmutableArray<SeatStatus> seats, RowLayout layout, int wanted, ImmutableArray<SeatId>.Builder into)
    {
        var length = seats.Length;
        if (wanted <= 0 || length == 0)
        {
            return;
        }

        // 1-based numbers. An odd row has one middle seat; an even row has two, equally near, the lower first.
        int low, high;
        if (length % 2 == 1)
        {
            var middle = (length + 1) / 2;
            if (TryAdd(middle) && --wanted == 0)
            {
                return;
            }

            (low, high) = (middle - 1, middle + 1);
        }
        else
        {
            (low, high) = (length / 2, length / 2 + 1);
        }

        for (; low >= 1; low--, high++)
        {
            if (TryAdd(low) && --wanted == 0)
            {
                return;
            }

            if (TryAdd(high) && --wanted == 0)
            {
                return;
            }
        }

        bool TryAdd(int number)
        {
            if (number < 1 || number > length || seats[number - 1] != SeatStatus.Available)
            {
                return false;
            }

            into.Add(new SeatId(layout.SectionId, layout.RowId, number));
            return true;
        }
    }
}
