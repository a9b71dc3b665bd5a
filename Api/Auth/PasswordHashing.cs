using Microsoft.AspNetCore.Identity;

namespace Ticketing.Api.Auth;

/// <summary>
/// ASP.NET Core Identity's PBKDF2 hasher, run on the thread pool in the API process (never inside a grain turn:
/// one hash costs tens of milliseconds of CPU).
/// </summary>
public sealed class PasswordHashing
{
    /// <summary>Configuration key for the PBKDF2 iteration count (default: Identity's 100,000; at least 10,000).</summary>
    public const string IterationCountKey = "Auth:PasswordHashing:IterationCount";

    private static readonly Account Subject = new();
    private readonly PasswordHasher<Account> _hasher;
    private readonly Lazy<string> _dummyHash;

    public PasswordHashing(IConfiguration configuration)
    {
        var options = new PasswordHasherOptions();
        var iterations = configuration.GetValue<int?>(IterationCountKey) ?? options.IterationCount;
        if (iterations < 10_000)
        {
            throw new Ticketing.Silo.Hosting.HostingConfigurationException($"{IterationCountKey} must be at least 10000.");
        }

        // Hashes carry their own iteration count, so lowering it for a load test never breaks existing accounts.
        options.IterationCount = iterations;
        _hasher = new PasswordHasher<Account>(Microsoft.Extensions.Options.Options.Create(options));
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
