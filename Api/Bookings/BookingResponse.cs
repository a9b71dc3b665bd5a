using Ticketing.Bookings;

namespace Ticketing.Api.Bookings;

/// <summary>
/// A booking as clients see it (SPEC section 9 shape, plus tickets while Confirmed and <c>paymentAction</c> while the
/// payment awaits the customer).
/// </summary>
public sealed record BookingResponse(
    string Id,
    string? Reference,
    BookingStatus Status,
    string ReservationId,
    string? EventId,
    string UserId,
    IReadOnlyList<string> SeatIds,
    string? GeneralAdmissionCategoryId,
    int? Quantity,
    long Amount,
    string? Currency,
    BookingPaymentResponse Payment,
    PaymentActionResponse? PaymentAction,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? FailureCode,
    IReadOnlyList<TicketResponse> Tickets)
{
    public static BookingResponse From(BookingSnapshot b) => new(
        b.Id,
        b.Reference,
        b.Status,
        b.ReservationId,
        b.EventId,
        b.UserId,
        b.SeatIds.IsDefault ? [] : b.SeatIds,
        b.GeneralAdmissionCategoryId,
        b.GeneralAdmissionCategoryId is null ? null : b.Quantity,
        b.Amount,
        b.Currency,
        new BookingPaymentResponse(b.Payment.Provider, b.Payment.TransactionId, b.Payment.Status),
        PaymentActionResponse.From(b.PaymentAction),
        b.CreatedAt,
        b.UpdatedAt,
        b.FailureCode,
        b.Tickets.IsDefault ? [] : [.. b.Tickets.Select(t => new TicketResponse(t.SeatId, t.Code))]);
}

public sealed record BookingPaymentResponse(string Provider, string? TransactionId, BookingPaymentStatus Status);

public sealed record TicketResponse(string SeatId, string Code);
