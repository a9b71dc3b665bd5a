namespace Ticketing.Tests.Bookings.Support;

/// <summary>What the mock provider's ledger holds for one idempotency key (adapter over the payments feature's ledger).</summary>
public static class MockLedger
{
    public sealed record Entry(int Charges, bool Refunded, long? Amount);

    public static Task<Entry> EntryAsync(IGrainFactory grains, IServiceProvider siloServices, string bookingId)
        => throw new NotImplementedException("Adapter to the payments feature's mock ledger: wired when that branch is merged.");
}
