namespace Ticketing.Tests.Infrastructure;

/// <summary>
/// A test that needs PostgreSQL. It runs whenever the suite runs (scripts/test.sh provides the server) and
/// fails loudly without one; only <c>TICKETING_SKIP_POSTGRES=1</c> skips it, on purpose.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public static bool Skipped => Environment.GetEnvironmentVariable("TICKETING_SKIP_POSTGRES") == "1";

    public PostgresFactAttribute()
    {
        if (Skipped)
        {
            Skip = "TICKETING_SKIP_POSTGRES=1";
        }
    }
}
