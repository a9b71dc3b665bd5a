using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Ticketing.Idempotency;

namespace Ticketing.Silo.Storage;

/// <summary>
/// Every hour, deletes idempotency records past their retention (plus an hour's margin) from storage. Every silo runs
/// it; the delete is idempotent, so running it twice costs a query, never a wrong answer.
/// </summary>
public sealed partial class ExpiredStateCleanupService(IStoredStateSweeper sweeper, ILogger<ExpiredStateCleanupService> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromHours(1);

    /// <summary>Records are kept at least this long (SPEC section 7 asks for 24 hours).</summary>
    public static readonly TimeSpan IdempotencyAge = IdempotencyGrain.Retention + TimeSpan.FromHours(1);

    public Task<int> SweepOnceAsync(CancellationToken cancellationToken)
        => sweeper.DeleteOlderThanAsync(IdempotencyGrain.StateName, IdempotencyAge, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var deleted = await SweepOnceAsync(stoppingToken);
                LogSwept(deleted);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database may be down for a while: the next hour tries again, and nothing depends on it meanwhile.
                LogSweepFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} expired idempotency records")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping expired idempotency records failed; retrying in an hour")]
    private partial void LogSweepFailed(Exception exception);
}
