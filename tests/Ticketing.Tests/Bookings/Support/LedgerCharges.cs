namespace Ticketing.Tests.Bookings.Support;

/// <summary>Completes (or fails) an asynchronous mock charge in the ledger, as the customer finishing 3-D Secure would.</summary>
public static class LedgerCharges
{
    public static Task SettleAsync(Ticketing.Tests.Infrastructure.ClusterFixture fixture, string bookingId, bool succeeded)
        => throw new NotImplementedException("Adapter to the payments feature's mock ledger: wired when that branch is merged.");
}
