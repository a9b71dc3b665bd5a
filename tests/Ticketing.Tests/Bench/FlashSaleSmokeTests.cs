using Ticketing.Bench;

namespace Ticketing.Tests.Bench;

/// <summary>
/// The benchmark's CI run: a few seconds of flash sale against the real Api process, then every invariant
/// check of SPEC section 4. A correctness regression anywhere on the sale path fails here.
/// </summary>
public sealed class FlashSaleSmokeTests
{
    [Fact]
    public async Task A_short_flash_sale_keeps_every_invariant()
    {
        var log = new StringWriter();
        var result = await BenchRunner.RunAsync(BenchOptions.Parse(["--smoke"]), log);

        Assert.True(result.Violations.Count == 0, string.Join(Environment.NewLine, result.Violations) + Environment.NewLine + log);
        Assert.True(result.HoldsSucceeded > 0, "no hold succeeded: " + log);
        Assert.True(result.BookingsConfirmed > 0, "no booking was confirmed: " + log);
    }
}
