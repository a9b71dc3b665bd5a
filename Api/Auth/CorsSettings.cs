namespace Ticketing.Api.Auth;

/// <summary>Settings under <c>Ticketing:Cors</c>: browser origins allowed to call the API (none by default).</summary>
public sealed class CorsSettings
{
    public const string SectionName = "Ticketing:Cors";

    public const string PolicyName = "ticketing";

    public string[] AllowedOrigins { get; set; } = [];
}
