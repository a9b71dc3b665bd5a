using System.Collections.Immutable;
using Ticketing.Api.Auth;
using Ticketing.Common;
using Ticketing.Users;

namespace Ticketing.Api.Users;

/// <summary>Registration shared by the endpoint and the admin bootstrap: claim the address, then create the account.</summary>
public sealed class UserAccounts(IClusterClient cluster, PasswordHashing passwords)
{
    /// <summary>Registers validated input (see <see cref="RegistrationRules"/>).</summary>
    public async Task<RegistrationOutcome> RegisterAsync(string email, string password, string displayName, ImmutableArray<string> roles)
    {
        var address = email.Trim();
        var normalized = EmailKey.Normalize(address);
        var hash = await passwords.HashAsync(password);
        var userId = Ids.New();
        var index = cluster.For<IUserEmailIndexGrain>(normalized);
        var claim = await index.ClaimAsync(userId);
        if (!claim.Claimed)
        {
            return new RegistrationOutcome(null, claim.OwnerUserId);
        }

        UserResult result;
        try
        {
            result = await cluster.For<IUserGrain>(userId).RegisterAsync(new NewUser(address, normalized, displayName.Trim(), hash, roles));
        }
        catch
        {
            // Give the address back so the person can try again; if even this fails the claim stays orphaned.
            await index.ReleaseAsync(userId);
            throw;
        }

        return result.User is { } user
            ? new RegistrationOutcome(user, null)
            : throw new InvalidOperationException($"A fresh user id was refused: {result.Error?.Code}");
    }
}
