using Ticketing.Common;
using Ticketing.Tests.Infrastructure;
using Ticketing.Users;

namespace Ticketing.Tests.Auth;

[Collection(TimeTravelCollection.Name)]
public sealed class UserLockoutExpiryTests(TimeTravelClusterFixture cluster)
{
    private static readonly LoginAttempt WrongPassword = new(false, null, 3, TimeSpan.FromMinutes(5));

    [Fact]
    public async Task A_lockout_ends_after_its_duration_and_the_count_starts_over()
    {
        var user = cluster.Client.GetGrain<IUserGrain>(Ids.New());
        await user.RegisterAsync(new NewUser("lock@example.test", "lock@example.test", "Lock", "hash", ["customer"]));

        Assert.Null((await user.CompleteLoginAsync(WrongPassword)).LockedUntil);
        Assert.Null((await user.CompleteLoginAsync(WrongPassword)).LockedUntil);
        var locked = await user.CompleteLoginAsync(WrongPassword);
        Assert.Equal(cluster.Time.GetUtcNow() + TimeSpan.FromMinutes(5), locked.LockedUntil);
        Assert.NotNull((await user.BeginLoginAsync())!.LockedUntil);
        Assert.Null((await user.CompleteLoginAsync(WrongPassword with { PasswordMatched = true })).User);

        cluster.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        Assert.Null((await user.BeginLoginAsync())!.LockedUntil);
        Assert.Null((await user.CompleteLoginAsync(WrongPassword)).LockedUntil);
        Assert.NotNull((await user.CompleteLoginAsync(WrongPassword with { PasswordMatched = true, NewPasswordHash = "rehash" })).User);
        Assert.Equal("rehash", (await user.BeginLoginAsync())!.PasswordHash);
    }

    [Fact]
    public async Task Registering_twice_with_the_same_address_is_idempotent_and_another_address_is_refused()
    {
        var id = Ids.New();
        var user = cluster.Client.GetGrain<IUserGrain>(id);
        var first = await user.RegisterAsync(new NewUser("Twice@example.test", "twice@example.test", "Twice", "hash-1", ["customer"]));
        var again = await user.RegisterAsync(new NewUser("Twice@example.test", "twice@example.test", "Twice", "hash-2", ["customer"]));
        var other = await user.RegisterAsync(new NewUser("other@example.test", "other@example.test", "Other", "hash-3", ["customer"]));

        Assert.Equal(first.User!.CreatedAt, again.User!.CreatedAt);
        Assert.Equal(first.User.Roles.ToArray(), again.User.Roles.ToArray());
        Assert.Equal("hash-1", (await user.BeginLoginAsync())!.PasswordHash);
        Assert.False(other.Succeeded);
    }

    [Fact]
    public async Task An_address_is_claimed_once_and_released_only_by_its_claimant()
    {
        var index = cluster.Client.GetGrain<IUserEmailIndexGrain>($"{Ids.New()}@example.test");
        var (a, b) = (Ids.New(), Ids.New());

        Assert.True((await index.ClaimAsync(a)).Claimed);
        Assert.True((await index.ClaimAsync(a)).Claimed);
        Assert.Equal(new EmailClaim(false, a), await index.ClaimAsync(b));
        await index.ReleaseAsync(b);
        Assert.Equal(a, await index.GetUserIdAsync());
        await index.ReleaseAsync(a);
        Assert.True((await index.ClaimAsync(b)).Claimed);
    }
}
