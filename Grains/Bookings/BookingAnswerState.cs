namespace Ticketing.Bookings;

/// <summary>
/// The first final answer to the confirmation request that made a booking, kept once the booking changes after it
/// (cancelled, refunded, settled), so a repeat of the request still gets that answer (SPEC section 7). Until then the
/// booking's own state is the answer. Stored as JSON inside <see cref="BookingState"/>.
/// </summary>
[GenerateSerializer]
public sealed class BookingAnswerState
{
    [Id(0)] public string? ErrorCode { get; set; }

    [Id(1)] public string? ErrorMessage { get; set; }

    /// <summary>The booking as answered, without its timeline (no response shows it) or a payment action's secret.</summary>
    [Id(2)] public BookingSnapshot? Booking { get; set; }
}
