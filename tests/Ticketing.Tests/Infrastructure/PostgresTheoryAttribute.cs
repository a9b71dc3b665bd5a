namespace Ticketing.Tests.Infrastructure;

/// <summary>A theory that needs PostgreSQL; skipped only as <see cref="PostgresFactAttribute"/> is.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (PostgresFactAttribute.Skipped)
        {
            Skip = "TICKETING_SKIP_POSTGRES=1";
        }
    }
}
