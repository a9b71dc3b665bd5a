using System.Collections.Immutable;
using Ticketing.Payments;

namespace Ticketing.Bookings;

/// <summary>
/// A booking as clients see it (SPEC section 9). <see cref="Reference"/> is set once Confirmed; <see cref="Tickets"/>
/// only while Confirmed. A general-admission booking has no seat ids but a category and a quantity.
/// <see cref="PaymentAction"/> only while PendingPayment awaits the customer (3-D Secure).
/// </summary>
[GenerateSerializer, Immutable, Alias("ticketing.BookingSnapshot")]
public sealed record BookingSnapshot(
    [property: Id(0)] string Id,
    [property: Id(1)] string? Reference,
    [property: Id(2)] BookingStatus Status,
    [property: Id(3)] string ReservationId,
    [property: Id(4)] string? EventId,
    [property: Id(5)] string UserId,
    [property: Id(6)] ImmutableArray<string> SeatIds,
    [property: Id(7)] string? GeneralAdmissionCategoryId,
    [property: Id(8)] int Quantity,
    [property: Id(9)] long Amount,
    [property: Id(10)] string? Currency,
    [property: Id(11)] BookingPayment Payment,
    [property: Id(12)] DateTimeOffset CreatedAt,
    [property: Id(13)] DateTimeOffset UpdatedAt,
    [property: Id(14)] string? FailureCode,
    [property: Id(15)] ImmutableArray<BookingTicket> Tickets,
    [property: Id(16)] ImmutableArray<BookingTimelineEntry> Timeline,
    [property: Id(17)] PaymentAction? PaymentAction = null);
