namespace Ticketing.Users;

/// <summary>
/// The unique owner of one e-mail address (key: <see cref="EmailKey.Normalize"/> of the address). Claiming is what
/// makes e-mail addresses unique across the cluster: the first user id wins, repeating a claim with that id is harmless.
/// </summary>
[Alias("ticketing.IUserEmailIndexGrain")]
public interface IUserEmailIndexGrain : IGrainWithStringKey
{
    /// <summary>Claims the address for <paramref name="userId"/>; the result names the owner either way.</summary>
    Task<EmailClaim> ClaimAsync(string userId);

    /// <summary>Gives the address back if <paramref name="userId"/> holds it (a registration that could not finish).</summary>
    Task ReleaseAsync(string userId);

    [ReadOnly]
    Task<string?> GetUserIdAsync();
}
