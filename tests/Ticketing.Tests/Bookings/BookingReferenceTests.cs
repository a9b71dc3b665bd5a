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
}
