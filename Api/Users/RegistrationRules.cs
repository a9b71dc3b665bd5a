using System.Net.Mail;

namespace Ticketing.Api.Users;

/// <summary>The field rules of a registration; every broken rule is reported at once.</summary>
public static class RegistrationRules
{
    public const int MaxEmailLength = 254;
    public const int MinPasswordLength = 10;
    public const int MaxPasswordLength = 128;
    public const int MaxDisplayNameLength = 100;

    public static Dictionary<string, string[]> Validate(string? email, string? password, string? displayName)
    {
        var errors = new Dictionary<string, string[]>();
        var trimmedEmail = email?.Trim();
        if (string.IsNullOrEmpty(trimmedEmail))
        {
            errors["email"] = ["An e-mail address is required."];
        }
        else if (trimmedEmail.Length > MaxEmailLength)
        {
            errors["email"] = [$"The e-mail address may have at most {MaxEmailLength} characters."];
        }
        else if (!IsEmailAddress(trimmedEmail))
        {
            errors["email"] = ["The e-mail address is not valid."];
        }

        if (string.IsNullOrEmpty(password))
        {
            errors["password"] = ["A password is required."];
        }
        else if (password.Length is < MinPasswordLength or > MaxPasswordLength)
        {
            errors["password"] = [$"The password must have {MinPasswordLength} to {MaxPasswordLength} characters."];
        }

        var name = displayName?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors["displayName"] = ["A display name is required."];
        }
        else if (name.Length > MaxDisplayNameLength)
        {
            errors["displayName"] = [$"The display name may have at most {MaxDisplayNameLength} characters."];
        }

        return errors;
    }

    /// <summary>
    /// A bare address (<c>local@domain</c>): MailAddress also accepts display-name forms like <c>Ana &lt;a@b&gt;</c>,
    /// so the parsed address must be the whole input.
    /// </summary>
    private static bool IsEmailAddress(string email)
        => !email.Any(char.IsWhiteSpace)
           && MailAddress.TryCreate(email, out var address)
           && string.Equals(address.Address, email, StringComparison.Ordinal)
           && address.Host.Length > 0;
}
