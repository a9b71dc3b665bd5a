using Ticketing.Payments;

namespace Ticketing.Bookings;

/// <summary>Stored as JSON under the state name <c>booking</c>: property names are the stored format.</summary>
[GenerateSerializer]
public sealed class BookingState
{
    [Id(0)] public BookingPhase Phase { get; set; }

    [Id(1)] public BookingStatus Status { get; set; }

    [Id(2)] public string UserId { get; set; } = "";

    [Id(3)] public string ReservationId { get; set; } = "";

    [Id(4)] public string PaymentMethod { get; set; } = "";

    /// <summary>The provider's single-use token for this attempt (never a card number).</summary>
    [Id(5)] public string PaymentToken { get; set; } = "";

    [Id(6)] public string? EventId { get; set; }

    [Id(7)] public List<string> SeatIds { get; set; } = [];

    [Id(8)] public string? GeneralAdmissionCategoryId { get; set; }

    [Id(9)] public int Quantity { get; set; }

    [Id(10)] public long Amount { get; set; }

    [Id(11)] public string? Currency { get; set; }

    [Id(12)] public BookingPaymentStatus PaymentStatus { get; set; }

    [Id(13)] public string? TransactionId { get; set; }

    [Id(14)] public string? RefundId { get; set; }

    [Id(15)] public string? Reference { get; set; }

    [Id(16)] public string? FailureCode { get; set; }

    [Id(17)] public string? FailureMessage { get; set; }

    [Id(18)] public DateTimeOffset CreatedAt { get; set; }

    [Id(19)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The charge settled asynchronously (webhook or poll) rather than in the confirm call.</summary>
    [Id(20)] public bool SettledAsynchronously { get; set; }

    /// <summary>The payment settled after the booking had given up its hold: the event's late-payment policy applies.</summary>
    [Id(21)] public bool LatePayment { get; set; }

    /// <summary>While <see cref="BookingPhase.Refunding"/>: the status to end in.</summary>
    [Id(22)] public BookingStatus RefundTarget { get; set; }

    /// <summary>While refunding: give the reservation's pinned seats up.</summary>
    [Id(23)] public bool ReleaseHold { get; set; }

    /// <summary>While refunding: put seats sold to this booking back on sale.</summary>
    [Id(24)] public bool ReturnSeats { get; set; }

    [Id(25)] public DateTimeOffset? AwaitingSince { get; set; }

    /// <summary>The reservation's expiry as pinned for the payment: an asynchronous payment still awaited after it is given up on.</summary>
    [Id(34)] public DateTimeOffset? PinnedUntil { get; set; }

    [Id(26)] public List<BookingTimelineEntryState> Timeline { get; set; } = [];

    /// <summary>
    /// While <see cref="BookingPhase.AwaitingPayment"/>: what the customer's app must do to finish the payment
    /// (e.g. 3-D Secure with Stripe's client secret). Cleared once the payment settles; never logged or put in the timeline.
    /// </summary>
    [Id(27)] public PaymentAction? PaymentAction { get; set; }

    /// <summary>
    /// The confirmation request's fingerprint (SHA-256 of its body) when the booking was made under an Idempotency-Key
    /// (<see cref="ConfirmationKey"/>): a repeat with another body is refused. Stored with the saga's first write.
    /// </summary>
    [Id(28)] public string? RequestFingerprint { get; set; }

    /// <summary>The request got its final answer: repeats replay it. Stored with the write that made the answer.</summary>
    [Id(29)] public bool AnswerGiven { get; set; }

    /// <summary>The answer as given, kept from the first change after it; null while the state still is the answer.</summary>
    [Id(30)] public BookingAnswerState? FirstAnswer { get; set; }

    /// <summary>Which fresh attempt of its key this booking is (0 for the first; see <see cref="ConfirmationKey.MaxAttempts"/>).</summary>
    [Id(31)] public int Attempt { get; set; }

    /// <summary>A provider error (nothing charged) was this booking's outcome for its request: repeats go to the next attempt.</summary>
    [Id(33)] public bool RetryInNextAttempt { get; set; }

    /// <summary>The trace id of the request that got the answer, shown again in a replayed refusal.</summary>
    [Id(32)] public string? RequestTraceId { get; set; }
}

[GenerateSerializer]
public sealed class BookingTimelineEntryState
{
    [Id(0)] public string Step { get; set; } = "";

    [Id(1)] public DateTimeOffset At { get; set; }

    [Id(2)] public string? Detail { get; set; }
}
