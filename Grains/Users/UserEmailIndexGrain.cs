using Ticketing.Common;

namespace Ticketing.Users;

/// <summary>
/// See <see cref="IUserEmailIndexGrain"/>. Non-reentrant, so two registrations racing for one address are ordered
/// and exactly one claim is written.
/// </summary>
public sealed class UserEmailIndexGrain(
    [PersistentState("user-email-index", StorageNames.Tickets)] IPersistentState<UserEmailIndexState> state) : Grain, IUserEmailIndexGrain
{
    public async Task<EmailClaim> ClaimAsync(string userId)
    {
        if (state.State.UserId is { } owner)
        {
            return new EmailClaim(owner == userId, owner);
        }

        state.State.UserId = userId;
        await state.WriteOrRevertAsync(this);
        return new EmailClaim(true, userId);
    }

    public async Task ReleaseAsync(string userId)
    {
        if (state.State.UserId == userId)
        {
            state.State.UserId = null;
            await state.WriteOrRevertAsync(this);
        }
    }

    public Task<string?> GetUserIdAsync() => Task.FromResult(state.State.UserId);
}
