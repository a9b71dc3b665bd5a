namespace Ticketing.Bookings;

/// <summary>
/// When a booking saga registers its backstop reminder: the reminder that resumes a saga its caller left behind
/// (a crash, a charge whose outcome is unknown, a payment still awaited). Chosen by the host, not by configuration,
/// because only the host knows whether its reminders and state outlive the process.
/// </summary>
/// <param name="RegisterBeforeMoneyMoves">
/// True: registered and stored before the charge, so a silo lost mid-payment leaves a reminder another silo fires.
/// False: registered when a call returns with the saga unfinished (or fails), and never for a saga that finishes in
/// the call that started it, which is nearly every booking. Sound only where the reminders die with the process anyway.
/// </param>
public sealed record BookingBackstop(bool RegisterBeforeMoneyMoves)
{
    /// <summary>For clusters (PostgreSQL mode, the test clusters): a reminder stored before any money moves.</summary>
    public static readonly BookingBackstop BeforeMoneyMoves = new(true);

    /// <summary>
    /// For the embedded mode: one silo whose reminders and state live in its own memory. A reminder registered before
    /// the charge would protect against nothing the one registered on leaving the call does not: the process dying
    /// takes both with it, and while it lives every way out of a call passes the registration.
    /// </summary>
    public static readonly BookingBackstop WhenLeftUnfinished = new(false);
}
