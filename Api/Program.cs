using Ticketing.Silo.Hosting;

namespace Ticketing.Api;

public static class Program
{
    public static Task<int> Main(string[] args) => StartupGuard.RunAsync("api", async () =>
    {
        var app = await ApiHost.BuildAsync(args);
        StartupGuard.ValidateOptions(app.Services);
        await app.RunAsync();
    });
}
