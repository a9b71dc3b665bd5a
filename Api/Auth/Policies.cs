namespace Ticketing.Api.Auth;

/// <summary>Authorization policy names used on endpoints (SPEC section 9, "who").</summary>
public static class Policies
{
    /// <summary>Any signed-in user (every user is a customer).</summary>
    public const string Customer = "customer";

    /// <summary>Organizers and admins: create and manage events.</summary>
    public const string Organizer = "organizer";

    /// <summary>Admins only: roles, the dashboard outside embedded mode, reconciliation views.</summary>
    public const string Admin = "admin";
}
