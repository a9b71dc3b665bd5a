using Ticketing.Bookings;
using Ticketing.Common;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Bookings;

[Collection(ClusterCollection.Name)]
public sealed class BookingReferenceTests(ClusterFixture fixture)
{
    [Fact]
    public void References_are_BK_and_eight_unambiguous_characters()
    {
        var references = Enumerable.Range(0, 2000).Select(_ => BookingReference.New()).ToList();
        Assert.All(references, r =>
        {
            Assert.Matches("^BK-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$", r);
            Assert.True(BookingReference.IsWellFormed(r));
        });
        Assert.Equal(references.Count, references.Distinct().Count());
        Assert.DoesNotContain(references, r => r[3..].IndexOfAny(['0', 'O', '1', 'I', 'L']) >= 0);
    }

    [Theory]
    [InlineData("BK-7F3K9QXM", true)]
    [InlineData("bk-7f3k9qxm", true)]
    [InlineData("BK-7F3K9QX0", false)]
    [InlineData("BK-7F3K9QX", false)]
    [InlineData("XX-7F3K9QXM", false)]
    [InlineData("", false)]
    public void Well_formed_references_are_recognised(string reference, bool expected)
        => Assert.Equal(expected, BookingReference.IsWellFormed(reference));

    [Fact]
    public async Task A_reference_is_claimed_by_one_booking_only()
    {
        var grain = fixture.Client.GetGrain<IBookingReferenceGrain>(BookingReference.New());
        var first = Ids.New();
        var second = Ids.New();

        var claims = await Task.WhenAll(grain.TryClaimAsync(first), grain.TryClaimAsync(second));

        Assert.Equal(1, claims.Count(c => c));
        var owner = await grain.GetBookingIdAsync();
        Assert.True(await grain.TryClaimAsync(owner!), "a repeat by the owner succeeds");
        Assert.False(await grain.TryClaimAsync(owner == first ? second : first));
    }

    [Fact]
    public async Task A_fresh_activation_claiming_a_taken_reference_finds_the_owner_instead_of_overwriting_it()
    {
        // A claim is first tried as an insert without reading; a record already stored must refuse it.
        var grain = fixture.Client.GetGrain<IBookingReferenceGrain>(BookingReference.New());
        var owner = Ids.New();
        Assert.True(await grain.TryClaimAsync(owner));

        await fixture.Cluster.DeactivateAsync(grain);
        Assert.False(await grain.TryClaimAsync(Ids.New()));
        await fixture.Cluster.DeactivateAsync(grain);
        Assert.True(await grain.TryClaimAsync(owner), "a repeat by the owner after a restart succeeds");
        await fixture.Cluster.DeactivateAsync(grain);

        Assert.Equal(owner, await grain.GetBookingIdAsync());
    }

    [Fact]
    public async Task An_unclaimed_reference_reads_as_nobodys()
    {
        Assert.Null(await fixture.Client.GetGrain<IBookingReferenceGrain>(BookingReference.New()).GetBookingIdAsync());
    }
}
