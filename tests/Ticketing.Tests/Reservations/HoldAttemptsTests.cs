using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Api.Auth;
using Ticketing.Common;
using Ticketing.Reservations;
using Ticketing.Tests.Api;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Reservations;

/// <summary>
/// New holds are tried by the stateless <see cref="IHoldAttemptsGrain"/>: a refused attempt (most of a flash sale's)
/// never reaches, so never activates, a reservation grain; an attempt that got its seats is recorded by its own
/// reservation exactly once; repeats and malformed ids keep their answers.
/// </summary>
[Collection(HoldAttemptsCollection.Name)]
public sealed class HoldAttemptsTests(HoldAttemptsFixture api)
{
    private IGrainFactory Grains => api.ClusterClient;

    private async Task<string> PublishedEventAsync()
    {
        var organizer = api.CreateClient("org-" + Ids.New()[..8], Roles.Organizer);
        var (_, created) = await organizer.SendJsonAsync(HttpMethod.Post, "/events", ApiEventFactory.Body());
        var id = created!["id"]!.GetValue<string>();
        await organizer.SendJsonAsync(HttpMethod.Post, $"/events/{id}/publish");
        return id;
    }

    [Fact]
    public async Task Refused_attempts_never_reach_a_reservation_grain()
    {
        var eventId = await PublishedEventAsync();
        var first = api.CreateClient("first-" + Ids.New()[..8]);
        var (held, _) = await first.SendJsonAsync(HttpMethod.Post, "/reservations", new { eventId, seatIds = new[] { "ORCH-A-1", "ORCH-A-2" } });
        Assert.Equal(HttpStatusCode.Created, held.StatusCode);

        var callsBefore = api.ReservationCalls.Count;
        var other = api.CreateClient("other-" + Ids.New()[..8]);
        for (var i = 0; i < 10; i++)
        {
            var (refused, body) = await other.SendJsonAsync(HttpMethod.Post, "/reservations", new { eventId, seatIds = new[] { "ORCH-A-2", "ORCH-A-3" } });
            await ProblemAssert.HasCodeAsync(refused, HttpStatusCode.Conflict, DomainErrorCodes.SeatUnavailable);
            Assert.Equal(new[] { "ORCH-A-2" }, body!["unavailableSeatIds"]!.AsArray().Select(s => s!.GetValue<string>()));
        }

        var (tooMany, _) = await other.SendJsonAsync(HttpMethod.Post, "/reservations", new { eventId, categoryId = "FLOOR", quantity = 11 });
        await ProblemAssert.HasCodeAsync(tooMany, HttpStatusCode.BadRequest, DomainErrorCodes.TooManySeats);

        Assert.Equal(callsBefore, api.ReservationCalls.Count);
        var (map, seats) = await api.CreateClient().SendJsonAsync(HttpMethod.Get, $"/events/{eventId}/seats");
        Assert.Equal(HttpStatusCode.OK, map.StatusCode);
        Assert.Equal("available", seats!["seats"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "ORCH-A-3")!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_hold_that_gets_its_seats_is_recorded_once_by_its_own_reservation()
    {
        var eventId = await PublishedEventAsync();
        var buyerId = "buyer-" + Ids.New()[..8];
        var buyer = api.CreateClient(buyerId);

        var (created, r) = await buyer.SendJsonAsync(HttpMethod.Post, "/reservations", new { eventId, seatIds = new[] { "ORCH-A-5" } });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = r!["id"]!.GetValue<string>();
        Assert.Equal([nameof(IReservationGrain.RecordAsync)], api.ReservationCalls.Where(c => c.Key == id).Select(c => c.Method));
        var (get, stored) = await buyer.SendJsonAsync(HttpMethod.Get, $"/reservations/{id}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(new[] { "ORCH-A-5" }, stored!["seatIds"]!.AsArray().Select(s => s!.GetValue<string>()));
        var (_, page) = await buyer.SendJsonAsync(HttpMethod.Get, $"/reservations/user/{buyerId}?page=1&pageSize=10");
        Assert.Equal(id, page!["items"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_malformed_id_is_refused_and_repeats_are_answered_by_the_stored_hold()
    {
        var eventId = await PublishedEventAsync();
        var attempts = Grains.GetGrain<IHoldAttemptsGrain>(0);
        var user = "user-" + Ids.New()[..8];
        var command = new CreateReservation(user, eventId, ["ORCH-B-1"], null, null, IdIsNew: true);

        var malformed = await attempts.CreateAsync("not-an-id", command);
        Assert.Equal(DomainErrorCodes.ValidationFailed, malformed.Error?.Code);

        var id = Ids.New();
        var made = await attempts.CreateAsync(id, command);
        Assert.True(made.Succeeded, made.Error?.Message);

        // A retry of the same request (no longer new) gets the same hold; another request under the id is refused.
        var repeat = await attempts.CreateAsync(id, command with { IdIsNew = false });
        Assert.Equal(made.Reservation!.SeatIds, repeat.Reservation?.SeatIds);
        Assert.Equal(made.Reservation.ExpiresAt, repeat.Reservation!.ExpiresAt);
        var reused = await attempts.CreateAsync(id, command with { SeatIds = ["ORCH-B-2"], IdIsNew = false });
        Assert.Equal(DomainErrorCodes.IdempotencyKeyReused, reused.Error?.Code);

        // Recording the hold again changes nothing; a record for someone else under the id is refused.
        var reservation = Grains.GetGrain<IReservationGrain>(id);
        var held = new HeldSeats(command, ["ORCH-B-1"], null, 1, 5000, "GBP", 600, made.Reservation.CreatedAt, made.Reservation.ExpiresAt);
        Assert.Equal(made.Reservation.ExpiresAt, (await reservation.RecordAsync(held)).Reservation?.ExpiresAt);
        var stranger = await reservation.RecordAsync(held with { Command = command with { UserId = "someone-else" } });
        Assert.Equal(DomainErrorCodes.IdempotencyKeyReused, stranger.Error?.Code);
        Assert.Equal(user, (await reservation.GetAsync())!.UserId);
    }
}

/// <summary>The embedded host, with every call to a reservation grain noted (its key and method).</summary>
public sealed class HoldAttemptsFixture : ApiFixture
{
    public ConcurrentQueue<(string Key, string Method)> ReservationCalls { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
        => services.AddSingleton<IIncomingGrainCallFilter>(new ReservationCallRecorder(ReservationCalls));

    private sealed class ReservationCallRecorder(ConcurrentQueue<(string Key, string Method)> calls) : IIncomingGrainCallFilter
    {
        public Task Invoke(IIncomingGrainCallContext context)
        {
            if (context.InterfaceMethod?.DeclaringType == typeof(IReservationGrain))
            {
                calls.Enqueue((context.TargetId.Key.ToString()!, context.InterfaceMethod.Name));
            }

            return context.Invoke();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class HoldAttemptsCollection : ICollectionFixture<HoldAttemptsFixture>
{
    public const string Name = "hold attempts";
}
