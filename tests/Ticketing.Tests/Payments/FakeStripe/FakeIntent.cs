namespace Ticketing.Tests.Payments.FakeStripe;

/// <summary>A PaymentIntent the fake Stripe made: which idempotency key created it, for which booking, and how it stands.</summary>
public sealed record FakeIntent(string Id, string IdempotencyKey, string BookingId, string Status);
