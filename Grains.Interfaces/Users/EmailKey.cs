namespace Ticketing.Users;

/// <summary>The key of <see cref="IUserEmailIndexGrain"/>: addresses compare trimmed and case-insensitively.</summary>
public static class EmailKey
{
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}
