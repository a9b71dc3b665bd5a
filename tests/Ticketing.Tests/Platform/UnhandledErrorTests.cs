using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Platform;

/// <summary>An API whose one extra endpoint fails, to see what a client gets from an unhandled exception.</summary>
public sealed class FailingEndpointApiFixture : ApiFixture
{
    private int _flakyCalls;
    private int _failNext;

    /// <summary>How many times the flaky endpoints ran.</summary>
    public int FlakyCalls => Volatile.Read(ref _flakyCalls);

    /// <summary>The next call of a flaky endpoint fails as if its grain's silo had been lost; the one after succeeds.</summary>
    public void LoseTheSiloOnce() => Volatile.Write(ref _failNext, 1);

    protected override void ConfigureApp(WebApplication app)
    {
        app.MapGet("/test/boom", (HttpContext _) => throw new InvalidOperationException("secret internal detail"));
        app.MapGet("/test/silo-lost", (HttpContext _) => throw new Orleans.Runtime.SiloUnavailableException("the silo is gone"));
        app.MapGet("/test/storage-conflict", (HttpContext _) => throw new Orleans.Storage.InconsistentStateException("Version conflict (WriteState)"));
        app.MapGet("/test/flaky", () => Flaky("read"));
        app.MapPost("/test/flaky", (FlakyBody body) => Flaky(body.Text)).WithMetadata(Ticketing.Api.Http.HonoursIdempotencyKey.Instance);
    }

    private IResult Flaky(string answer)
    {
        Interlocked.Increment(ref _flakyCalls);
        return Interlocked.Exchange(ref _failNext, 0) == 1
            ? throw new Orleans.Runtime.SiloUnavailableException("the silo is gone")
            : Results.Ok(new FlakyBody(answer));
    }

    public sealed record FlakyBody(string Text);
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
    public async Task A_storage_version_conflict_is_a_503_with_retry_after_not_a_500()
    {
        // Two activations of one grain for a moment (a silo handing its grains over): the write of the stale one
        // is refused by its ETag and nothing was stored; a retry reaches the live one.
        var response = await api.CreateClient().GetAsync("/test/storage-conflict");
        await ProblemAssert.HasCodeAsync(response, HttpStatusCode.ServiceUnavailable, "service_unavailable");
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task A_lost_silo_is_a_503_with_retry_after_not_a_500()
    {
        var response = await api.CreateClient().GetAsync("/test/silo-lost");
        await ProblemAssert.HasCodeAsync(response, HttpStatusCode.ServiceUnavailable, "service_unavailable");
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task A_read_that_lost_its_silo_is_run_again_and_answers()
    {
        api.LoseTheSiloOnce();
        var before = api.FlakyCalls;
        var response = await api.CreateClient().GetAsync("/test/flaky");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, api.FlakyCalls - before);
    }

    [Fact]
    public async Task A_request_with_an_idempotency_key_is_run_again_with_the_same_body()
    {
        api.LoseTheSiloOnce();
        var before = api.FlakyCalls;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/test/flaky") { Content = System.Net.Http.Json.JsonContent.Create(new { text = "again" }) };
        request.Headers.Add("Idempotency-Key", "retry-" + Guid.NewGuid().ToString("N"));
        var response = await api.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("again", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, api.FlakyCalls - before);
    }

    [Fact]
    public async Task A_write_without_an_idempotency_key_is_not_run_twice()
    {
        api.LoseTheSiloOnce();
        var before = api.FlakyCalls;
        var response = await api.CreateClient().PostAsync("/test/flaky", System.Net.Http.Json.JsonContent.Create(new { text = "once" }));
        await ProblemAssert.HasCodeAsync(response, HttpStatusCode.ServiceUnavailable, "service_unavailable");
        Assert.Equal(1, api.FlakyCalls - before);
    }
}
