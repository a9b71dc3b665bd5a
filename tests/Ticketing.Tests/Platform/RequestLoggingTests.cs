using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Ticketing.Api.Logging;

namespace Ticketing.Tests.Platform;

/// <summary>The one line per request says what happened, also when the request failed with an exception.</summary>
public sealed class RequestLoggingTests
{
    [Fact]
    public async Task A_request_that_throws_is_logged_with_its_exception_not_the_default_200()
    {
        var logger = new CapturingLogger();
        var middleware = new RequestLoggingMiddleware(_ => throw new TimeoutException("stalled"), logger);
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/reservations";

        await Assert.ThrowsAsync<TimeoutException>(() => middleware.InvokeAsync(context));

        var line = Assert.Single(logger.Lines);
        Assert.Contains("POST /reservations -> TimeoutException", line);
        Assert.DoesNotContain("200", line);
    }

    [Fact]
    public async Task A_request_that_completes_is_logged_with_its_status()
    {
        var logger = new CapturingLogger();
        var middleware = new RequestLoggingMiddleware(c =>
        {
            c.Response.StatusCode = 409;
            return Task.CompletedTask;
        }, logger);
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/reservations";

        await middleware.InvokeAsync(context);

        Assert.Contains("POST /reservations -> 409", Assert.Single(logger.Lines));
    }

    private sealed class CapturingLogger : ILogger<RequestLoggingMiddleware>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => Lines.Add(formatter(state, exception));
    }
}
