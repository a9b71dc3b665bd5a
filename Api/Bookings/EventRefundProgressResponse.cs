namespace Ticketing.Api.Bookings;

public sealed record EventRefundProgressResponse(string EventId, bool Started, bool Completed, int Total, int Refunded, int Failed);
