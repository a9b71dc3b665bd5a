using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Platform;

/// <summary>An API whose one extra endpoint fails, to see what a client gets from an unhandled exception.</summary>
public sealed class FailingEndpointApiFixture : ApiFixture
{
    protected override void ConfigureApp(WebApplication app)
    {
        app.MapGet("/test/boom", (HttpContext _) => throw new InvalidOperationException("secret internal detail"));
        app.MapGet("/test/silo-lost", (HttpContext _) => throw new Orleans.Runtime.SiloUnavailableException("the silo is gone"));
    }
}

public sealed class UnhandledErrorTests(FailingEndpointApiFixture api) : IClassFixture<FailingEndpointApiFixture>
{
    [Fact]
    public async Task An_unhandled_exception_is_a_500_problem_without_internals()
    {
        var response = await api.CreateClient().GetAsync("/test/boom");
        var body = await ProblemAssert.HasCodeAsync(response, HttpStatusCode.InternalServerError, "internal_error");
        var text = body.GetRawText();
        Assert.DoesNotContain("secret internal detail", text);
        Assert.DoesNotContain("InvalidOperationException", text);
        Assert.DoesNotContain(" at ", text);
    }

    [Fact]
    public async Task A_lost_silo_is_a_503_with_retry_after_not_a_500()
    {
        var response = await api.CreateClient().GetAsync("/test/silo-lost");
        await ProblemAssert.HasCodeAsync(response, HttpStatusCode.ServiceUnavailable, "service_unavailable");
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
    }
}
