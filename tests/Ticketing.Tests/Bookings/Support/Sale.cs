using System.Collections.Immutable;
using Ticketing.Common;
using Ticketing.Events;
using Ticketing.Reservations;
using Ticketing.Seats;

namespace Ticketing.Tests.Bookings.Support;

/// <summary>
/// Arranges a published event with one row <c>ORCH-A-1..n</c> (price 5000 GBP each) and holds on it, through the
/// domain's own grain contracts. Fresh ids every time.
/// </summary>
public sealed class Sale(IGrainFactory grains, string eventId, string organizerId)
{
    public const long Price = 5000;

    public const long GeneralAdmissionPrice = 3000;

    public string EventId { get; } = eventId;

    public string OrganizerId { get; } = organizerId;

    public static async Task<Sale> OpenAsync(
        IGrainFactory grains, TimeProvider time, int seats = 10, LatePaymentPolicy policy = LatePaymentPolicy.Refund,
        TimeSpan? startsIn = null, int holdTtlSeconds = 600)
    {
        var organizerId = Ids.New();
        var eventId = Ids.New();
        var definition = new EventDefinition
        {
            Name = "Booking test " + eventId[..6],
            Venue = "Royal Hall",
            City = "London",
            StartsAt = time.GetUtcNow() + (startsIn ?? TimeSpan.FromDays(30)),
            TimeZone = "Europe/London",
            Currency = "GBP",
            HoldTtlSeconds = holdTtlSeconds,
            Categories = [new PriceCategory("STALLS", "Stalls", Price)],
            Sections = [new SectionDefinition("ORCH", "Orchestra", [new RowDefinition("A", seats, "STALLS")])],
            GeneralAdmission = [new GeneralAdmissionDefinition("FLOOR", "Standing", GeneralAdmissionPrice, 100)],
            LatePaymentPolicy = policy,
        };
        var ev = grains.GetGrain<IEventGrain>(eventId);
        var created = await ev.CreateAsync(organizerId, definition);
        Assert.True(created.Succeeded, created.Error?.Message);
        var published = await ev.PublishAsync(organizerId, actorIsAdmin: false);
        Assert.True(published.Succeeded, published.Error?.Message);
        return new Sale(grains, eventId, organizerId);
    }

    public static string Seat(int number) => $"ORCH-A-{number}";

    /// <summary>The same sale seen through another client (e.g. the silo that survived).</summary>
    public Sale WithGrains(IGrainFactory other) => new(other, EventId, OrganizerId);

    /// <summary>Holds the seats for the user and returns the reservation id.</summary>
    public async Task<string> HoldAsync(string userId, params int[] seatNumbers)
    {
        var reservationId = Ids.New();
        var result = await grains.GetGrain<IReservationGrain>(reservationId)
            .CreateAsync(new CreateReservation(userId, EventId, [.. seatNumbers.Select(Seat)], null, null));
        Assert.True(result.Succeeded, result.Error?.Message);
        return reservationId;
    }

    /// <summary>Holds <paramref name="quantity"/> standing places (category FLOOR, capacity 100) and returns the reservation id.</summary>
    public async Task<string> HoldStandingAsync(string userId, int quantity)
    {
        var reservationId = Ids.New();
        var result = await grains.GetGrain<IReservationGrain>(reservationId)
            .CreateAsync(new CreateReservation(userId, EventId, [], "FLOOR", quantity));
        Assert.True(result.Succeeded, result.Error?.Message);
        return reservationId;
    }

    public async Task<GeneralAdmissionSnapshot> StandingAsync()
        => (await grains.GetGrain<IGeneralAdmissionGrain>(GeneralAdmissionKey.For(EventId, "FLOOR")).GetSnapshotAsync())!;

    public Task<ReservationSnapshot?> ReservationAsync(string reservationId) => grains.GetGrain<IReservationGrain>(reservationId).GetAsync();

    /// <summary>The status of each seat of the row (index 0 = seat 1).</summary>
    public async Task<ImmutableArray<SeatStatus>> SeatsAsync()
    {
        var snapshot = await grains.GetGrain<ISeatRowGrain>(SeatRowKey.For(EventId, "ORCH", "A")).GetSnapshotAsync();
        Assert.NotNull(snapshot);
        return snapshot.Seats;
    }

    public async Task<SeatStatus> SeatAsync(int number) => (await SeatsAsync())[number - 1];
}
