using Ticketing.Common;
using Ticketing.Idempotency;

namespace Ticketing.Api.Idempotency;

/// <summary>
/// Runs an operation at most once per (user, endpoint, Idempotency-Key) (SPEC section 7): the first request runs it
/// under the key's operation id; a repeat with the same body replays the stored answer; a concurrent repeat waits
/// for it (at most <see cref="MaxWait"/>, then 409 <c>idempotency_in_flight</c>); another body is 422.
/// HTTP-agnostic so cluster tests can drive it with their own client.
/// </summary>
public sealed class IdempotencyRunner(IGrainFactory grains, TimeSpan? maxWait = null)
{
    /// <summary>How long a concurrent repeat waits for the first request's answer before 409 (default 10 s).</summary>
    public TimeSpan MaxWait { get; } = maxWait ?? TimeSpan.FromSeconds(10);

    public Task<IdempotencyReply> RunAsync(
        string userId, string endpoint, string key, string canonicalBody, Func<string, Task<IdempotencyOutcome>> operation)
        => RunAsync(userId, endpoint, key, canonicalBody, (operationId, _) => operation(operationId));

    /// <param name="operation">Runs under the operation id; the flag says the id was made for this run (see
    /// <see cref="IdempotencyBegin.OperationIdIsNew"/>).</param>
    public async Task<IdempotencyReply> RunAsync(
        string userId, string endpoint, string key, string canonicalBody, Func<string, bool, Task<IdempotencyOutcome>> operation)
    {
        var grain = grains.For<IIdempotencyGrain>(IdempotencyKey.GrainKeyFor(userId, endpoint, key));
        var fingerprint = IdempotencyKey.Fingerprint(canonicalBody);
        var deadline = DateTimeOffset.UtcNow + MaxWait;
        while (true)
        {
            var begin = await grain.BeginAsync(fingerprint);
            switch (begin.Decision)
            {
                case IdempotencyDecision.Replay:
                    return new IdempotencyReply(begin.Response, Replayed: true, null);
                case IdempotencyDecision.KeyReused:
                    return new IdempotencyReply(null, false, DomainError.IdempotencyKeyReused());
                case IdempotencyDecision.Proceed:
                    return await ProceedAsync(grain, begin.OperationId!, begin.OperationIdIsNew, operation);
            }

            var remaining = deadline - DateTimeOffset.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                return InFlight();
            }

            if (await grain.WaitAsync(remaining) is { } settled)
            {
                return new IdempotencyReply(settled, Replayed: true, null);
            }

            // Abandoned (or the wait timed out): ask again; an abandoned attempt is taken over under the same id.
        }
    }

    private static async Task<IdempotencyReply> ProceedAsync(
        IIdempotencyGrain grain, string operationId, bool operationIdIsNew, Func<string, bool, Task<IdempotencyOutcome>> operation)
    {
        IdempotencyOutcome outcome;
        try
        {
            outcome = await operation(operationId, operationIdIsNew);
        }
        catch
        {
            // Unknown how far it got: the next request with this key resumes the same operation id.
            await grain.AbandonAsync(operationId, resumable: true);
            throw;
        }

        if (outcome.Final)
        {
            await grain.CompleteAsync(operationId, outcome.Response);
        }
        else
        {
            await grain.AbandonAsync(operationId, outcome.Resumable);
        }

        return new IdempotencyReply(outcome.Response, Replayed: false, null);
    }

    private static IdempotencyReply InFlight()
        => new(null, false, DomainError.IdempotencyInFlight());
}
