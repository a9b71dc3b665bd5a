using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Bookings.Support;

/// <summary>
/// The real API host with the per-user confirmation rate limit raised, so one customer can fire the 50 concurrent
/// retries of the idempotency test (the limit itself is tested with the auth feature).
/// </summary>
public sealed class BookingApiFixture : ApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Ticketing:RateLimits:Confirmations:PermitLimit", "1000")];
}

[CollectionDefinition(Name)]
public sealed class BookingApiCollection : ICollectionFixture<BookingApiFixture>
{
    public const string Name = "bookings api";
}
