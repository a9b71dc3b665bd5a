namespace Ticketing.Api.Auth;

/// <summary>Problem <c>code</c> values of the sign-in endpoints.</summary>
public static class AuthErrorCodes
{
    /// <summary>Wrong e-mail or wrong password: one answer for both, so addresses cannot be probed.</summary>
    public const string InvalidCredentials = "invalid_credentials";

    public const string AccountLocked = "account_locked";
}
