using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Ticketing.Silo.Dashboard;

namespace Ticketing.Tests.Platform;

/// <summary>A silo's own dashboard has no sign-in, so it is served to the machine itself only.</summary>
public sealed class SiloDashboardAccessTests
{
    private static async Task<(int Status, bool Passed)> CallFromAsync(string address)
    {
        var passed = false;
        var middleware = new LoopbackOnlyMiddleware(_ =>
        {
            passed = true;
            return Task.CompletedTask;
        });
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        context.Response.Body = new MemoryStream();
        await middleware.InvokeAsync(context);
        return (context.Response.StatusCode, passed);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task Callers_on_the_same_machine_reach_the_dashboard(string address)
        => Assert.True((await CallFromAsync(address)).Passed);

    [Theory]
    [InlineData("10.0.0.7")]
    [InlineData("192.168.1.20")]
    [InlineData("::ffff:10.0.0.7")]
    public async Task Callers_from_elsewhere_are_refused_with_403(string address)
    {
        var (status, passed) = await CallFromAsync(address);
        Assert.False(passed);
        Assert.Equal(403, status);
    }
}
