namespace Ticketing.Api.Auth;

public static class Roles
{
    public const string Customer = "customer";
    public const string Organizer = "organizer";
    public const string Admin = "admin";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Customer, Organizer, Admin };
}
