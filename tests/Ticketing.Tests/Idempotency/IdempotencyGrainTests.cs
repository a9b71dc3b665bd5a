using System.Collections.Immutable;
using Ticketing.Common;
using Ticketing.Idempotency;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Idempotency;

[Collection(ClusterCollection.Name)]
public sealed class IdempotencyGrainTests(ClusterFixture fixture)
{
    private IIdempotencyGrain NewKey() => fixture.Client.GetGrain<IIdempotencyGrain>(IdempotencyKey.GrainKeyFor(Ids.New(), "test", Ids.New()));

    private static IdempotentResponse Response(int status, string body)
        => new(status, "application/json", body, ImmutableDictionary<string, string>.Empty.Add("Location", "/x"));

    [Fact]
    public async Task First_use_proceeds_and_a_completed_key_replays_the_same_response()
    {
        var grain = NewKey();
        var first = await grain.BeginAsync("fp");
        Assert.Equal(IdempotencyDecision.Proceed, first.Decision);
        Assert.True(Ids.IsWellFormed(first.OperationId));

        await grain.CompleteAsync(first.OperationId!, Response(201, "{\"a\":1}"));

        var again = await grain.BeginAsync("fp");
        Assert.Equal(IdempotencyDecision.Replay, again.Decision);
        Assert.Equal(first.OperationId, again.OperationId);
        Assert.Equal(201, again.Response!.StatusCode);
        Assert.Equal("{\"a\":1}", again.Response.Body);
        Assert.Equal("/x", again.Response.Headers["Location"]);
    }

    [Fact]
    public async Task A_fresh_activation_of_a_used_key_finds_its_record_instead_of_starting_over()
    {
        // The first Begin of an activation is stored as an insert without reading; storage must refuse it for a key
        // that already has a record, and the record then decides.
        var grain = NewKey();
        var first = await grain.BeginAsync("fp");
        await fixture.Cluster.DeactivateAsync(grain);
        var running = await grain.BeginAsync("fp");
        await fixture.Cluster.DeactivateAsync(grain);
        var otherBody = await grain.BeginAsync("fp-other");
        await grain.CompleteAsync(first.OperationId!, Response(201, "{\"b\":2}"));
        await fixture.Cluster.DeactivateAsync(grain);
        var replay = await grain.BeginAsync("fp");

        Assert.Equal(IdempotencyDecision.InFlight, running.Decision);
        Assert.Equal(first.OperationId, running.OperationId);
        Assert.Equal(IdempotencyDecision.KeyReused, otherBody.Decision);
        Assert.Equal(IdempotencyDecision.Replay, replay.Decision);
        Assert.Equal(first.OperationId, replay.OperationId);
        Assert.Equal("{\"b\":2}", replay.Response!.Body);
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused()
    {
        var grain = NewKey();
        var first = await grain.BeginAsync("fp-1");
        Assert.Equal(IdempotencyDecision.KeyReused, (await grain.BeginAsync("fp-2")).Decision);

        await grain.CompleteAsync(first.OperationId!, Response(201, "{}"));
        Assert.Equal(IdempotencyDecision.KeyReused, (await grain.BeginAsync("fp-2")).Decision);
    }

    [Fact]
    public async Task A_second_request_while_the_first_runs_is_told_it_is_in_flight_and_can_wait_for_the_answer()
    {
        var grain = NewKey();
        var first = await grain.BeginAsync("fp");
        var second = await grain.BeginAsync("fp");
        Assert.Equal(IdempotencyDecision.InFlight, second.Decision);
        Assert.Equal(first.OperationId, second.OperationId);

        var waiting = grain.WaitAsync(TimeSpan.FromSeconds(20));
        await grain.CompleteAsync(first.OperationId!, Response(402, "{\"code\":\"payment_declined\"}"));

        var answer = await waiting;
        Assert.NotNull(answer);
        Assert.Equal(402, answer.StatusCode);
    }

    [Fact]
    public async Task Waiting_is_bounded()
    {
        var grain = NewKey();
        await grain.BeginAsync("fp");
        Assert.Null(await grain.WaitAsync(TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public async Task A_resumable_abandoned_attempt_is_taken_over_under_the_same_operation_id()
    {
        var grain = NewKey();
        var first = await grain.BeginAsync("fp");
        var waiting = grain.WaitAsync(TimeSpan.FromSeconds(20));
        await grain.AbandonAsync(first.OperationId!, resumable: true);
        Assert.Null(await waiting);

        var takeover = await grain.BeginAsync("fp");
        Assert.Equal(IdempotencyDecision.Proceed, takeover.Decision);
        Assert.Equal(first.OperationId, takeover.OperationId);
    }

    [Fact]
    public async Task A_non_resumable_abandoned_attempt_lets_the_retry_start_afresh()
    {
        var grain = NewKey();
        var first = await grain.BeginAsync("fp");
        await grain.AbandonAsync(first.OperationId!, resumable: false);

        var retry = await grain.BeginAsync("fp");
        Assert.Equal(IdempotencyDecision.Proceed, retry.Decision);
        Assert.NotEqual(first.OperationId, retry.OperationId);
    }

    [Fact]
    public async Task A_late_completion_of_a_superseded_attempt_does_not_replace_the_answer()
    {
        var grain = NewKey();
        var first = await grain.BeginAsync("fp");
        await grain.AbandonAsync(first.OperationId!, resumable: false);
        var retry = await grain.BeginAsync("fp");
        await grain.CompleteAsync(retry.OperationId!, Response(201, "{\"winner\":true}"));
        await grain.CompleteAsync(first.OperationId!, Response(201, "{\"winner\":false}"));

        Assert.Equal("{\"winner\":true}", (await grain.BeginAsync("fp")).Response!.Body);
    }

    [Theory]
    [InlineData("k", true)]
    [InlineData("order-42 retry#1 ~!", true)]
    [InlineData("", false)]
    [InlineData("tab\tinside", false)]
    [InlineData("caf\u00e9", false)]
    public void Keys_are_1_to_255_printable_ascii_characters(string key, bool valid)
        => Assert.Equal(valid, IdempotencyKey.IsValid(key));

    [Fact]
    public void Over_long_keys_are_invalid_and_grain_keys_never_contain_the_raw_key()
    {
        Assert.True(IdempotencyKey.IsValid(new string('k', 255)));
        Assert.False(IdempotencyKey.IsValid(new string('k', 256)));
        var grainKey = IdempotencyKey.GrainKeyFor("user", "bookings.confirm", "secret/../key");
        Assert.StartsWith("user/bookings.confirm/", grainKey);
        Assert.DoesNotContain("secret", grainKey);
        Assert.Equal(64, grainKey.Split('/')[2].Length);
    }
}
