using Ticketing.Common;
using Ticketing.Api.Auth;
using Ticketing.Users;

namespace Ticketing.Api.Users;

/// <summary>
/// Makes sure the account named by <c>Auth:Bootstrap:AdminEmail</c> exists and is an admin, once the host has
/// started, retrying until the cluster answers. Idempotent: an existing account gains the role only if the configured
/// password is its password, which shows the operator owns it (registration is open and addresses are not verified,
/// so anyone could have registered the admin address before the bootstrap created it); otherwise it is left as it is
/// and an error says so. The password is never logged.
/// </summary>
public sealed partial class AdminBootstrapService(
    BootstrapOptions options,
    UserAccounts accounts,
    PasswordHashing passwords,
    IClusterClient cluster,
    IHostApplicationLifetime lifetime,
    ILogger<AdminBootstrapService> logger) : BackgroundService
{
    /// <summary>Completes when the bootstrap has finished (or had nothing to do); lets tests wait for it.</summary>
    public Task Completion => _completion.Task;

    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (string.IsNullOrWhiteSpace(options.AdminEmail))
            {
                return;
            }

            var errors = RegistrationRules.Validate(options.AdminEmail, options.AdminPassword, options.AdminDisplayName);
            if (errors.Count > 0)
            {
                LogInvalid(logger, string.Join("; ", errors.SelectMany(e => e.Value)));
                return;
            }

            await WhenStartedAsync(stoppingToken);
            var delay = TimeSpan.FromMilliseconds(250);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await EnsureAdminAsync(options.AdminEmail.Trim());
                    return;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogRetry(logger, ex, delay.TotalSeconds);
                    await Task.Delay(delay, stoppingToken);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _completion.TrySetResult();
        }
    }

    private async Task EnsureAdminAsync(string email)
    {
        var outcome = await accounts.RegisterAsync(email, options.AdminPassword!, options.AdminDisplayName, [Roles.Customer, Roles.Admin]);
        if (outcome.User is { } created)
        {
            LogCreated(logger, email, created.Id);
            return;
        }

        var user = cluster.For<IUserGrain>(outcome.ExistingUserId!);
        var existing = await user.GetAsync() ?? throw new InvalidOperationException(
            $"The address {email} is claimed by user {outcome.ExistingUserId}, whose account does not exist.");
        if (existing.Roles.Contains(Roles.Admin))
        {
            LogAlreadyAdmin(logger, email, existing.Id);
            return;
        }

        if (await user.BeginLoginAsync() is not { } ticket || !(await passwords.VerifyAsync(ticket.PasswordHash, options.AdminPassword!)).Matched)
        {
            LogNotOwned(logger, email, existing.Id);
            return;
        }

        await user.SetRolesAsync([.. existing.Roles, Roles.Customer, Roles.Admin]);
        LogPromoted(logger, email, existing.Id);
    }

    private Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bootstrap admin {Email} created as user {UserId}")]
    private static partial void LogCreated(ILogger logger, string email, string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bootstrap admin {Email} (user {UserId}) promoted to admin")]
    private static partial void LogPromoted(ILogger logger, string email, string userId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Bootstrap admin {Email} is registered (user {UserId}) with a password other than Auth:Bootstrap:AdminPassword, so it was not made admin: anyone may have registered that address. Choose another address, or grant the role from an existing admin account")]
    private static partial void LogNotOwned(ILogger logger, string email, string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bootstrap admin {Email} (user {UserId}) is already an admin")]
    private static partial void LogAlreadyAdmin(ILogger logger, string email, string userId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Auth:Bootstrap is not usable, no admin was created: {Problems}")]
    private static partial void LogInvalid(ILogger logger, string problems);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bootstrap admin not set up yet (cluster not answering?); retrying in {DelaySeconds} s")]
    private static partial void LogRetry(ILogger logger, Exception exception, double delaySeconds);
}
