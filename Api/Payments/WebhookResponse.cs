namespace Ticketing.Api.Payments;

public sealed record WebhookResponse(string Status);
