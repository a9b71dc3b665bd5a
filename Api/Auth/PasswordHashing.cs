using Microsoft.AspNetCore.Identity;

namespace Ticketing.Api.Auth;

/// <summary>
/// ASP.NET Core Identity's PBKDF2 hasher, run on the thread pool in the API process (never inside a grain turn:
/// one hash costs tens of milliseconds of CPU).
/// </summary>
public sealed class PasswordHashing
{
    private static readonly Account Subject = new();
    private readonly PasswordHasher<Account> _hasher = new();
    private readonly Lazy<string> _dummyHash;

    public PasswordHashing()
    {
        _dummyHash = new Lazy<string>(() => _hasher.HashPassword(Subject, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))));
    }

    public Task<string> HashAsync(string password) => Task.Run(() => _hasher.HashPassword(Subject, password));

    /// <summary>True when the password matches; <c>rehash</c> is set when the stored hash should be upgraded.</summary>
    public Task<(bool Matched, string? Rehash)> VerifyAsync(string hash, string password) => Task.Run(() =>
    {
        var result = _hasher.VerifyHashedPassword(Subject, hash, password);
        return result switch
        {
            PasswordVerificationResult.Success => (true, (string?)null),
            PasswordVerificationResult.SuccessRehashNeeded => (true, _hasher.HashPassword(Subject, password)),
            _ => (false, null),
        };
    });

    /// <summary>Spends the same work as a real check, so an unknown e-mail cannot be told apart by timing.</summary>
    public Task VerifyDummyAsync(string password) => Task.Run(() => _hasher.VerifyHashedPassword(Subject, _dummyHash.Value, password));

    /// <summary>The hasher needs a user type; the default implementation never looks at it.</summary>
    private sealed class Account;
}
