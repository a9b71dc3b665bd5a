using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Ticketing.Common;

namespace Ticketing.Users;

/// <summary>
/// See <see cref="IUserGrain"/>. Keeps the lockout counters next to the hash, so concurrent logins for one account
/// are counted in order and the lock cannot be raced past.
/// </summary>
public sealed partial class UserGrain(
    [PersistentState("user", StorageNames.Tickets)] IPersistentState<UserState> state,
    TimeProvider time,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    private UserState User => state.State;

    private bool Exists => User.CreatedAt is not null;

    public async Task<UserResult> RegisterAsync(NewUser user)
    {
        if (Exists)
        {
            return User.NormalizedEmail == user.NormalizedEmail
                ? UserResult.Ok(Snapshot())
                : UserResult.Fail(new DomainError(DomainErrorCodes.ValidationFailed, "This user id already belongs to another account."));
        }

        User.Email = user.Email;
        User.NormalizedEmail = user.NormalizedEmail;
        User.DisplayName = user.DisplayName;
        User.PasswordHash = user.PasswordHash;
        User.Roles = [.. user.Roles.Distinct(StringComparer.Ordinal)];
        User.CreatedAt = time.GetUtcNow();
        await state.WriteOrRevertAsync(this);
        LogRegistered(logger, this.GetPrimaryKeyString());
        return UserResult.Ok(Snapshot());
    }

    public Task<UserSnapshot?> GetAsync() => Task.FromResult(Exists ? Snapshot() : null);

    public Task<LoginTicket?> BeginLoginAsync()
    {
        if (!Exists)
        {
            return Task.FromResult<LoginTicket?>(null);
        }

        var lockedUntil = User.LockedUntil > time.GetUtcNow() ? User.LockedUntil : null;
        return Task.FromResult<LoginTicket?>(new LoginTicket(User.Email!, User.PasswordHash!, lockedUntil));
    }

    public async Task<LoginOutcome> CompleteLoginAsync(LoginAttempt attempt)
    {
        if (!Exists)
        {
            return new LoginOutcome(null, null);
        }

        var now = time.GetUtcNow();
        if (User.LockedUntil > now)
        {
            // Another attempt locked the account while this password was being checked.
            return new LoginOutcome(null, User.LockedUntil);
        }

        if (attempt.PasswordMatched)
        {
            var changed = User.FailedLogins != 0 || User.LockedUntil is not null;
            User.FailedLogins = 0;
            User.LockedUntil = null;
            if (attempt.NewPasswordHash is { Length: > 0 } rehash)
            {
                User.PasswordHash = rehash;
                changed = true;
            }

            if (changed)
            {
                await state.WriteOrRevertAsync(this);
            }

            return new LoginOutcome(Snapshot(), null);
        }

        User.FailedLogins++;
        if (User.FailedLogins >= Math.Max(1, attempt.MaxFailures))
        {
            User.FailedLogins = 0;
            User.LockedUntil = now + attempt.LockoutDuration;
            LogLocked(logger, this.GetPrimaryKeyString(), User.LockedUntil.Value);
        }

        await state.WriteOrRevertAsync(this);
        return new LoginOutcome(null, User.LockedUntil > now ? User.LockedUntil : null);
    }

    public async Task<UserResult> SetRolesAsync(ImmutableArray<string> roles)
    {
        if (!Exists)
        {
            return UserResult.Fail(new DomainError(DomainErrorCodes.UserNotFound, "The user was not found."));
        }

        var next = roles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (!next.SequenceEqual(User.Roles.Order(StringComparer.Ordinal)))
        {
            User.Roles = next;
            await state.WriteOrRevertAsync(this);
            LogRolesChanged(logger, this.GetPrimaryKeyString(), string.Join(',', next));
        }

        return UserResult.Ok(Snapshot());
    }

    private UserSnapshot Snapshot()
        => new(this.GetPrimaryKeyString(), User.Email!, User.DisplayName!, [.. User.Roles], User.CreatedAt!.Value);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} registered")]
    private static partial void LogRegistered(ILogger logger, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {UserId} locked out until {LockedUntil} after repeated failed logins")]
    private static partial void LogLocked(ILogger logger, string userId, DateTimeOffset lockedUntil);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} roles set to {Roles}")]
    private static partial void LogRolesChanged(ILogger logger, string userId, string roles);
}
