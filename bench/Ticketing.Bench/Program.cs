namespace Ticketing.Bench;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        var result = await BenchRunner.RunAsync(options, Console.Out);
        BenchRunner.Print(result, Console.Out);
        var json = options.JsonOut ?? Path.Combine(ServerProcess.FindRoot(), "bench", "results", $"{result.Mode}-{result.StartedAt:yyyyMMdd-HHmmss}.json");
        Directory.CreateDirectory(Path.GetDirectoryName(json)!);
        await File.WriteAllTextAsync(json, BenchRunner.ToJson(result));
        Console.WriteLine($"  results: {json}");
        return result.Violations.Count == 0 ? 0 : 1;
    }
}
