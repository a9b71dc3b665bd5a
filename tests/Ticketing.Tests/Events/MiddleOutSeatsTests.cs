using System.Collections.Immutable;
using Ticketing.Events;
using Ticketing.Seats;

namespace Ticketing.Tests.Events;

/// <summary>The scattered best-available order: free seats nearest the row's middle, the lower number on a tie.</summary>
public sealed class MiddleOutSeatsTests
{
    [Theory]
    [InlineData(5, 5, new[] { 3, 2, 4, 1, 5 })]
    [InlineData(4, 4, new[] { 2, 3, 1, 4 })]
    [InlineData(1, 3, new[] { 1 })]
    [InlineData(6, 2, new[] { 3, 4 })]
    public void An_empty_row_offers_its_middle_first_then_alternates_outwards(int length, int wanted, int[] expected)
    {
        var seats = Enumerable.Repeat(SeatStatus.Available, length).ToImmutableArray();

        Assert.Equal(expected, Offer(seats, wanted).Select(s => s.Number));
    }

    [Fact]
    public void Taken_seats_are_skipped_and_the_offer_stops_at_what_is_wanted()
    {
        // Seats 3, 4 and 5 of 7 are taken: 2 and 6 are equally near the middle (4), so 2 comes first, then 6, then 1.
        var seats = ImmutableArray.Create(
            SeatStatus.Available, SeatStatus.Available, SeatStatus.Sold, SeatStatus.Held,
            SeatStatus.Sold, SeatStatus.Available, SeatStatus.Available);

        Assert.Equal([2, 6, 1], Offer(seats, 3).Select(s => s.Number));
        Assert.All(Offer(seats, 3), s => Assert.Equal(("A", "7"), (s.Section, s.Row)));
    }

    [Fact]
    public void A_full_row_offers_nothing()
        => Assert.Empty(Offer([.. Enumerable.Repeat(SeatStatus.Sold, 9)], 4));

    [Fact]
    public void Every_row_gets_the_order_of_a_sort_by_distance_from_the_middle_then_number()
    {
        var random = new Random(42);
        for (var trial = 0; trial < 2_000; trial++)
        {
            var length = random.Next(1, 61);
            var seats = Enumerable.Range(0, length)
                .Select(_ => random.Next(3) switch { 0 => SeatStatus.Available, 1 => SeatStatus.Held, _ => SeatStatus.Sold })
                .ToImmutableArray();
            var wanted = random.Next(1, 9);
            var middle = (length + 1) / 2.0;
            var sorted = Enumerable.Range(1, length)
                .Where(n => seats[n - 1] == SeatStatus.Available)
                .OrderBy(n => Math.Abs(n - middle)).ThenBy(n => n)
                .Take(wanted);

            Assert.Equal(sorted, Offer(seats, wanted).Select(s => s.Number));
        }
    }

    private static ImmutableArray<SeatId> Offer(ImmutableArray<SeatStatus> seats, int wanted)
    {
        var into = ImmutableArray.CreateBuilder<SeatId>();
        MiddleOutSeats.AddNearestMiddle(seats, new RowLayout("A", "7", seats.Length, "cat"), wanted, into);
        return into.ToImmutable();
    }
}
