using Ticketing.Bench;

namespace Ticketing.Tests.Bench;

/// <summary>The bench fails a run on any 500 answer: refusals and 503s are outcomes of a flash sale, a 500 is a bug.</summary>
public sealed class UnhandledErrorRuleTests
{
    [Fact]
    public void Every_kind_of_500_is_a_violation_and_nothing_else_is()
    {
        var outcomes = new Dictionary<string, int>
        {
            ["hold 201"] = 900,
            ["hold 409 seat_unavailable"] = 300,
            ["confirm 503 service_unavailable"] = 12,
            ["hold 500 internal_error"] = 2,
            ["cancel 500 internal_error"] = 1,
        };

        var violations = BenchRunner.UnhandledErrors(outcomes).ToList();

        Assert.Equal(2, violations.Count);
        Assert.Contains(violations, v => v.StartsWith("1 answer(s) 'cancel 500 internal_error'", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("2 answer(s) 'hold 500 internal_error'", StringComparison.Ordinal));
    }
}
