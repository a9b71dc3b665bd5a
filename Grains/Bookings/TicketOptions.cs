namespace Ticketing.Bookings;

/// <summary>Settings under <c>Ticketing:Tickets</c>.</summary>
public sealed class TicketOptions
{
    public const string SectionName = "Ticketing:Tickets";

    /// <summary>Only for the embedded mode (a local trial): every other mode must configure its own key.</summary>
    public const string EmbeddedDevelopmentKey = "embedded-mode-ticket-signing-key-not-for-production";

    /// <summary>The HMAC-SHA256 key that signs ticket codes; at least 32 characters.</summary>
    public string? SigningKey { get; set; }
}
