namespace Ticketing.Api.Bookings;

public sealed record VerifyTicketRequest(string? Code);
