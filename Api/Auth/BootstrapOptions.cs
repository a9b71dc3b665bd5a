namespace Ticketing.Api.Auth;

/// <summary>
/// Settings under <c>Auth:Bootstrap</c> (env <c>Auth__Bootstrap__AdminEmail</c>, <c>Auth__Bootstrap__AdminPassword</c>):
/// the first admin, registered or promoted when the API starts.
/// </summary>
public sealed class BootstrapOptions
{
    public const string SectionName = "Auth:Bootstrap";

    public string? AdminEmail { get; set; }

    public string? AdminPassword { get; set; }

    public string AdminDisplayName { get; set; } = "Administrator";
}
