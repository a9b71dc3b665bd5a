namespace Ticketing.Bookings;

[GenerateSerializer, Immutable, Alias("ticketing.BookingPayment")]
public sealed record BookingPayment(
    [property: Id(0)] string Provider,
    [property: Id(1)] string? TransactionId,
    [property: Id(2)] BookingPaymentStatus Status,
    [property: Id(3)] string? RefundId);
