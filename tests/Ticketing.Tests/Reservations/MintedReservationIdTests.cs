using Ticketing.Common;
using Ticketing.Reservations;
using Ticketing.Tests.Builders;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Reservations;

/// <summary>
/// A hold under an id the caller minted for that call starts without reading its state (most holds of a sale are
/// refused, and each read cost the database a statement). What it stores must still be what later calls read, a
/// repeat must still answer the first outcome, and a caller wrongly claiming a used id must not disturb its hold.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class MintedReservationIdTests(ClusterFixture fixture)
{
    private IClusterClient Client => fixture.Client;

    private async Task<(string EventId, string Id, CreateReservation Command, ReservationSnapshot Reservation)> HoldAsync(string user, params int[] seats)
    {
        var eventId = await new EventBuilder().WithSeats(1, 10).PublishAsync(Client, fixture.Time.GetUtcNow());
        var id = Ids.New();
        var command = new CreateReservation(user, eventId, EventBuilder.Seats(1, seats), null, null, IdIsNew: true);
        var result = await Client.GetGrain<IReservationGrain>(id).CreateAsync(command);
        Assert.True(result.Succeeded, result.Error?.Message);
        return (eventId, id, command, result.Reservation!);
    }

    [Fact]
    public async Task A_hold_made_under_a_minted_id_is_stored_and_read_back_by_the_next_activation()
    {
        var (_, id, _, held) = await HoldAsync("minted-stored", 1, 2);
        var grain = Client.GetGrain<IReservationGrain>(id);
        await fixture.Cluster.DeactivateAsync(grain);

        var read = await grain.GetAsync();

        Assert.NotNull(read);
        Assert.Equal(ReservationStatus.Active, read.Status);
        Assert.Equal(held.SeatIds.AsEnumerable(), read.SeatIds.AsEnumerable());
        Assert.Equal(ReservationStatus.Cancelled, (await grain.CancelAsync("minted-stored")).Reservation!.Status);
    }

    [Fact]
    public async Task A_repeat_under_the_same_id_answers_the_first_outcome_after_reactivation()
    {
        var (_, id, command, held) = await HoldAsync("minted-repeat", 3);
        var grain = Client.GetGrain<IReservationGrain>(id);
        await fixture.Cluster.DeactivateAsync(grain);

        var repeat = await grain.CreateAsync(command with { IdIsNew = false });
        var different = await grain.CreateAsync(command with { IdIsNew = false, SeatIds = EventBuilder.Seats(1, 4) });

        Assert.True(repeat.Succeeded, repeat.Error?.Message);
        Assert.Equal(held.ExpiresAt, repeat.Reservation!.ExpiresAt);
        Assert.Equal(DomainErrorCodes.IdempotencyKeyReused, different.Error!.Code);
    }

    [Fact]
    public async Task A_caller_claiming_a_used_id_is_new_is_refused_and_the_stored_hold_keeps_its_seats()
    {
        var (eventId, id, command, held) = await HoldAsync("minted-wrongly", 5, 6);
        var grain = Client.GetGrain<IReservationGrain>(id);
        await fixture.Cluster.DeactivateAsync(grain);

        // The storage refuses the first write of an activation that believed the id unused.
        await Assert.ThrowsAnyAsync<Exception>(() => grain.CreateAsync(command));

        var read = await grain.GetAsync();
        Assert.Equal(ReservationStatus.Active, read!.Status);
        Assert.Equal(held.SeatIds.AsEnumerable(), read.SeatIds.AsEnumerable());
        var other = await Client.GetGrain<IReservationGrain>(Ids.New()).CreateAsync(new CreateReservation("someone-else", eventId, EventBuilder.Seats(1, 5), null, null, IdIsNew: true));
        Assert.Equal(DomainErrorCodes.SeatUnavailable, other.Error!.Code);
    }

    [Fact]
    public async Task A_refused_hold_under_a_minted_id_leaves_nothing_behind()
    {
        var (eventId, _, _, _) = await HoldAsync("minted-first", 7);
        var id = Ids.New();

        var refused = await Client.GetGrain<IReservationGrain>(id).CreateAsync(new CreateReservation("minted-late", eventId, EventBuilder.Seats(1, 7), null, null, IdIsNew: true));

        Assert.Equal(DomainErrorCodes.SeatUnavailable, refused.Error!.Code);
        Assert.Null(await Client.GetGrain<IReservationGrain>(id).GetAsync());
    }
}
