using System.Collections.Immutable;
using Ticketing.Common;
using Ticketing.Idempotency;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Idempotency;

[Collection(TimeTravelCollection.Name)]
public sealed class IdempotencyRetentionTests(TimeTravelClusterFixture fixture)
{
    [Fact]
    public async Task A_key_is_remembered_for_24_hours_and_then_forgotten()
    {
        var grain = fixture.Client.GetGrain<IIdempotencyGrain>(IdempotencyKey.GrainKeyFor(Ids.New(), "test", Ids.New()));
        var first = await grain.BeginAsync("fp");
        await grain.CompleteAsync(first.OperationId!, new IdempotentResponse(201, "application/json", "{}", ImmutableDictionary<string, string>.Empty));

        fixture.Time.Advance(TimeSpan.FromHours(23));
        Assert.Equal(IdempotencyDecision.Replay, (await grain.BeginAsync("fp")).Decision);
        Assert.Equal(IdempotencyDecision.KeyReused, (await grain.BeginAsync("other")).Decision);

        fixture.Time.Advance(TimeSpan.FromHours(2));
        var later = await grain.BeginAsync("other");
        Assert.Equal(IdempotencyDecision.Proceed, later.Decision);
        Assert.NotEqual(first.OperationId, later.OperationId);
    }

    [Fact]
    public async Task An_attempt_whose_owner_vanished_is_taken_over_under_the_same_id_once_its_lease_lapses()
    {
        var grain = fixture.Client.GetGrain<IIdempotencyGrain>(IdempotencyKey.GrainKeyFor(Ids.New(), "test", Ids.New()));
        var first = await grain.BeginAsync("fp");
        Assert.Equal(IdempotencyDecision.InFlight, (await grain.BeginAsync("fp")).Decision);

        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        var takeover = await grain.BeginAsync("fp");

        Assert.Equal(IdempotencyDecision.Proceed, takeover.Decision);
        Assert.Equal(first.OperationId, takeover.OperationId);
    }
}
