namespace Ticketing.Payments;

[GenerateSerializer, Immutable, Alias("ticketing.WebhookResult")]
public sealed record WebhookResult([property: Id(0)] WebhookHandling Handling, [property: Id(1)] string? Detail = null);
