using System.Collections.Concurrent;
using System.Collections.Immutable;
using Ticketing.Common;
using Ticketing.Reservations;
using Ticketing.Seats;
using Ticketing.Tests.Builders;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Reservations;

[Collection(ClusterCollection.Name)]
public sealed class ReservationRaceTests(ClusterFixture fixture)
{
    private IClusterClient Client => fixture.Client;

    [Fact]
    public async Task A_thousand_buyers_racing_for_a_hundred_seats_never_share_a_seat_and_never_own_part_of_a_request()
    {
        var eventId = await new EventBuilder().WithSeats(rows: 10, seatsPerRow: 10).PublishAsync(Client, fixture.Time.GetUtcNow());
        var random = new Random(7);
        var requests = Enumerable.Range(0, 1000).Select(i =>
        {
            var row = 1 + random.Next(10);
            var count = 1 + random.Next(4);
            var first = 1 + random.Next(10 - count + 1);
            var seats = EventBuilder.Seats(row, [.. Enumerable.Range(first, count)]);
            if (row < 10 && random.Next(3) == 0)
            {
                // A third of the requests span two rows, so all-or-nothing is tested across grains under contention.
                seats = seats.AddRange(EventBuilder.Seats(row + 1, [.. Enumerable.Range(Math.Min(first, 9), 1 + random.Next(2))]));
            }

            return (User: $"buyer-{i}", Seats: seats);
        }).ToList();

        // All 1,000 at once: nothing queues in the test, only in the grains.
        var results = await Task.WhenAll(requests.Select(async r =>
            (Asked: r.Seats, Result: await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation(r.User, eventId, r.Seats, null, null)))));

        var winners = results.Where(r => r.Result.Succeeded).ToList();
        Assert.NotEmpty(winners);
        Assert.All(results.Where(r => !r.Result.Succeeded), r => Assert.Equal(DomainErrorCodes.SeatUnavailable, r.Result.Error!.Code));

        // All or nothing: a winner holds exactly what it asked for.
        foreach (var (asked, result) in winners)
        {
            Assert.Equal(asked.Order(StringComparer.Ordinal), result.Reservation!.SeatIds.Order(StringComparer.Ordinal));
        }

        // No seat is held by two reservations.
        var owners = winners.SelectMany(w => w.Result.Reservation!.SeatIds.Select(s => (Seat: s, w.Result.Reservation.Id))).ToList();
        Assert.Equal(owners.Count, owners.Select(o => o.Seat).Distinct().Count());

        // The rows agree: held seats are exactly the winners' seats; held + available = capacity.
        var held = new HashSet<string>();
        var available = 0;
        for (var row = 1; row <= 10; row++)
        {
            var snapshot = await Client.GetGrain<ISeatRowGrain>(SeatRowKey.For(eventId, EventBuilder.Section, $"R{row}")).GetSnapshotAsync();
            for (var n = 0; n < snapshot!.Seats.Length; n++)
            {
                if (snapshot.Seats[n] == SeatStatus.Held)
                {
                    held.Add(EventBuilder.Seat(row, n + 1));
                }
                else
                {
                    Assert.Equal(SeatStatus.Available, snapshot.Seats[n]);
                    available++;
                }
            }
        }

        Assert.Equal(owners.Select(o => o.Seat).ToHashSet(), held);
        Assert.Equal(100, held.Count + available);
    }

    [Fact]
    public async Task Two_buyers_racing_for_one_seat_never_both_win()
    {
        var eventId = await new EventBuilder().WithSeats(1, 5).PublishAsync(Client, fixture.Time.GetUtcNow());
        for (var round = 0; round < 20; round++)
        {
            var seat = EventBuilder.Seats(1, 1 + (round % 5));
            var a = Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation($"a{round}", eventId, seat, null, null));
            var b = Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation($"b{round}", eventId, seat, null, null));
            var outcomes = await Task.WhenAll(a, b);
            Assert.Single(outcomes, o => o.Succeeded);
            var winner = outcomes.Single(o => o.Succeeded).Reservation!;
            await Client.GetGrain<IReservationGrain>(winner.Id).CancelAsync(winner.UserId);
        }
    }

    [Fact]
    public async Task Overlapping_multi_row_requests_leave_no_partial_holds()
    {
        var eventId = await new EventBuilder().WithSeats(3, 4).PublishAsync(Client, fixture.Time.GetUtcNow());
        // Each request spans two rows and overlaps its neighbours: sorted acquisition means nobody ends with half.
        var requests = Enumerable.Range(0, 60).Select(i => (ImmutableArray<string>)[EventBuilder.Seat(1 + (i % 2), 1 + (i % 4)), EventBuilder.Seat(2 + (i % 2), 1 + ((i + 1) % 4))]).ToList();
        var results = await Task.WhenAll(requests.Select((seats, i) =>
            Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation($"u{i}", eventId, seats, null, null))));

        var heldByWinners = results.Where(r => r.Succeeded).SelectMany(r => r.Reservation!.SeatIds).ToList();
        Assert.Equal(heldByWinners.Count, heldByWinners.Distinct().Count());
        var heldInRows = 0;
        for (var row = 1; row <= 3; row++)
        {
            var snapshot = await Client.GetGrain<ISeatRowGrain>(SeatRowKey.For(eventId, EventBuilder.Section, $"R{row}")).GetSnapshotAsync();
            heldInRows += snapshot!.Seats.Count(s => s == SeatStatus.Held);
        }

        Assert.Equal(heldByWinners.Count, heldInRows);
    }

    [Fact]
    public async Task Five_hundred_takers_never_oversell_general_admission()
    {
        var eventId = await new EventBuilder().WithSeats(1, 1).WithGeneralAdmission(capacity: 300).PublishAsync(Client, fixture.Time.GetUtcNow());
        var results = await Task.WhenAll(Enumerable.Range(0, 500).Select(i =>
            Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation($"ga-{i}", eventId, [], EventBuilder.GeneralAdmissionId, 1 + (i % 3)))));

        var placesHeld = results.Where(r => r.Succeeded).Sum(r => r.Reservation!.Quantity);
        Assert.True(placesHeld <= 300, $"{placesHeld} places held for a capacity of 300");
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(DomainErrorCodes.SoldOut, r.Error!.Code));
        var snapshot = await Client.GetGrain<IGeneralAdmissionGrain>(GeneralAdmissionKey.For(eventId, EventBuilder.GeneralAdmissionId)).GetSnapshotAsync();
        Assert.Equal(placesHeld, snapshot!.Held);
        Assert.True(snapshot.Held + snapshot.Sold <= snapshot.Capacity);
        Assert.True(300 - placesHeld < 3, "the counter should be nearly full: refusals only when fewer places remain than asked");
    }

    [Fact]
    public async Task The_same_user_double_submitting_with_one_reservation_id_gets_one_hold()
    {
        var eventId = await new EventBuilder().WithSeats(1, 10).PublishAsync(Client, fixture.Time.GetUtcNow());
        var id = Ids.New();
        var command = new CreateReservation("double", eventId, EventBuilder.Seats(1, 3, 4), null, null);
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Client.GetGrain<IReservationGrain>(id).CreateAsync(command)));
        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Single(results.Select(r => r.Reservation!.Id).Distinct());
        var page = await Client.GetGrain<IUserReservationsGrain>("double").GetPageAsync(0, 10);
        Assert.Single(page.ReservationIds);
    }

    [Fact]
    public async Task Hold_racing_cancel_ends_with_the_seats_either_held_by_it_or_free()
    {
        var eventId = await new EventBuilder().WithSeats(1, 10).PublishAsync(Client, fixture.Time.GetUtcNow());
        for (var i = 0; i < 20; i++)
        {
            var grain = Client.GetGrain<IReservationGrain>(Ids.New());
            var hold = grain.CreateAsync(new CreateReservation("racer", eventId, EventBuilder.Seats(1, 1, 2), null, null));
            var cancel = grain.CancelAsync("racer");
            await Task.WhenAll(hold, cancel);
            var final = await grain.GetAsync();
            var row = await Client.GetGrain<ISeatRowGrain>(SeatRowKey.For(eventId, EventBuilder.Section, "R1")).GetSnapshotAsync();
            if (final?.Status == ReservationStatus.Active)
            {
                Assert.Equal(SeatStatus.Held, row!.Seats[0]);
                await grain.CancelAsync("racer");
            }

            row = await Client.GetGrain<ISeatRowGrain>(SeatRowKey.For(eventId, EventBuilder.Section, "R1")).GetSnapshotAsync();
            Assert.Equal(SeatStatus.Available, row!.Seats[0]);
            Assert.Equal(SeatStatus.Available, row.Seats[1]);
        }
    }
}
