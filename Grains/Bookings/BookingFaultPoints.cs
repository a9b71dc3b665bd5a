namespace Ticketing.Bookings;

/// <summary>The named points between saga steps where <see cref="IBookingFaults"/> is consulted.</summary>
public static class BookingFaultPoints
{
    /// <summary>Inside the reservation being made: its expiry computed and the user admitted, no seat asked for yet (keyed by reservation id).</summary>
    public const string BeforeSeatsHeld = "before-seats-held";

    /// <summary>Inside the reservation being made: its seats are held, its record not yet stored (keyed by reservation id).</summary>
    public const string AfterSeatsHeldBeforeRecord = "after-seats-held-before-record";

    /// <summary>Inside the reservation, in the middle of pinning its hold for the payment (rows and record disagree).</summary>
    public const string WhilePinning = "while-pinning";
    public const string AfterPinBeforeCharge = "after-pin-before-charge";
    public const string AfterChargeBeforeSell = "after-charge-before-sell";
    public const string AfterSellBeforeConfirm = "after-sell-before-confirm";
    public const string AfterRefundBeforeRelease = "after-refund-before-release";

    /// <summary>Inside a cancelled event's refund run: a batch's progress is stored, the next not started (keyed by event id).</summary>
    public const string AfterRefundBatchStored = "after-refund-batch-stored";
}
