using System.Collections.Immutable;

namespace Ticketing.Users;

/// <summary>
/// One account (key: user id from <c>Ids.New()</c>). Holds the password hash but never hashes: PBKDF2 costs tens of
/// milliseconds of CPU, which the API spends on its own thread pool rather than inside a grain turn.
/// </summary>
[Alias("ticketing.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the account. Repeating it for the same e-mail returns the existing account unchanged (a retried
    /// registration); a different e-mail on an existing id is a bug in the caller and is refused.
    /// </summary>
    Task<UserResult> RegisterAsync(NewUser user);

    [ReadOnly]
    Task<UserSnapshot?> GetAsync();

    /// <summary>What a login needs before the password is checked: the stored hash and any lockout.</summary>
    [ReadOnly]
    Task<LoginTicket?> BeginLoginAsync();

    /// <summary>Records the outcome of a password check: resets or counts failures, locks the account, stores a rehash.</summary>
    Task<LoginOutcome> CompleteLoginAsync(LoginAttempt attempt);

    /// <summary>Replaces the roles (the caller has validated them); <c>user_not_found</c> if the account does not exist.</summary>
    Task<UserResult> SetRolesAsync(ImmutableArray<string> roles);
}
