namespace Ticketing.Payments;

[GenerateSerializer, Alias("ticketing.WebhookHandling")]
public enum WebhookHandling
{
    Processed,
    Duplicate,
    Ignored,
    UnknownProvider,
    InvalidSignature,
}
