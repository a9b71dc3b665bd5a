using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using Ticketing.Api.Http;

namespace Ticketing.Tests.Platform;

/// <summary>
/// What the Api runs again when a silo was lost (or is shutting down) before a grain call reached it, and that a hold
/// run again asks for the same reservation, so a repeat cannot make a second hold.
/// </summary>
public sealed class SiloLossRetryTests
{
    [Fact]
    public async Task A_hold_refused_by_a_departing_silo_is_run_again_under_the_same_reservation_id()
    {
        var ids = new List<string>();
        var middleware = new SiloLossRetryMiddleware(context =>
        {
            ids.Add(RequestScopedId.For(context));
            if (ids.Count == 1)
            {
                throw new SiloUnavailableException("Silo S127.0.0.1:11111 is shutting down.");
            }

            context.Response.StatusCode = StatusCodes.Status201Created;
            return Task.CompletedTask;
        }, NullLogger<SiloLossRetryMiddleware>.Instance);
        var context = Post(RepeatableOnSiloLoss.Instance);

        await middleware.InvokeAsync(context);

        Assert.Equal(StatusCodes.Status201Created, context.Response.StatusCode);
        Assert.Equal(2, ids.Count);
        Assert.Equal(ids[0], ids[1]);
    }

    [Fact]
    public async Task A_post_that_names_nothing_it_creates_is_not_run_again()
    {
        var runs = 0;
        var middleware = new SiloLossRetryMiddleware(_ =>
        {
            runs++;
            throw new SiloUnavailableException("lost");
        }, NullLogger<SiloLossRetryMiddleware>.Instance);

        await Assert.ThrowsAsync<SiloUnavailableException>(() => middleware.InvokeAsync(Post()));
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task A_timeout_is_not_run_again_because_the_first_run_may_still_be_going()
    {
        var runs = 0;
        var middleware = new SiloLossRetryMiddleware(_ =>
        {
            runs++;
            throw new TimeoutException("response timed out");
        }, NullLogger<SiloLossRetryMiddleware>.Instance);

        await Assert.ThrowsAsync<TimeoutException>(() => middleware.InvokeAsync(Post(RepeatableOnSiloLoss.Instance)));
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task A_keyed_request_is_run_again_a_bounded_number_of_times_then_the_loss_is_reported()
    {
        var runs = 0;
        var middleware = new SiloLossRetryMiddleware(_ =>
        {
            runs++;
            throw new SiloUnavailableException("the silo hosting the grain was declared dead");
        }, NullLogger<SiloLossRetryMiddleware>.Instance);
        var context = Post(HonoursIdempotencyKey.Instance);
        context.Request.Headers["Idempotency-Key"] = "key-1";

        await Assert.ThrowsAsync<SiloUnavailableException>(() => middleware.InvokeAsync(context));
        Assert.Equal(7, runs);
    }

    [Fact]
    public async Task A_key_sent_to_an_endpoint_that_ignores_keys_does_not_make_it_repeatable()
    {
        // POST /auth/register with a key: its first grain calls may have run before a later one was refused.
        var runs = 0;
        var middleware = new SiloLossRetryMiddleware(_ =>
        {
            runs++;
            throw new SiloUnavailableException("lost");
        }, NullLogger<SiloLossRetryMiddleware>.Instance);
        var context = Post();
        context.Request.Headers["Idempotency-Key"] = "key-2";

        await Assert.ThrowsAsync<SiloUnavailableException>(() => middleware.InvokeAsync(context));
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task A_stale_activations_refused_write_during_a_handover_is_run_again()
    {
        var runs = 0;
        var middleware = new SiloLossRetryMiddleware(context =>
        {
            if (++runs == 1)
            {
                throw new Orleans.Storage.InconsistentStateException("Version conflict (WriteState): GrainType=seat-row");
            }

            context.Response.StatusCode = StatusCodes.Status201Created;
            return Task.CompletedTask;
        }, NullLogger<SiloLossRetryMiddleware>.Instance);
        var context = Post(RepeatableOnSiloLoss.Instance);

        await middleware.InvokeAsync(context);

        Assert.Equal((2, StatusCodes.Status201Created), (runs, context.Response.StatusCode));
    }

    [Theory]
    [InlineData(120, true)]
    [InlineData(120, false)]
    [InlineData(40_000, true)]
    [InlineData(40_000, false)]
    public async Task A_repeated_request_reads_its_whole_body_again(int bodyBytes, bool lengthKnown)
    {
        var body = System.Text.Encoding.UTF8.GetBytes("{\"seats\":\"" + new string('a', bodyBytes) + "\"}");
        var seen = new List<byte[]>();
        var middleware = new SiloLossRetryMiddleware(async context =>
        {
            using var copy = new MemoryStream();
            await context.Request.Body.CopyToAsync(copy);
            seen.Add(copy.ToArray());
            if (seen.Count == 1)
            {
                throw new SiloUnavailableException("lost");
            }

            context.Response.StatusCode = StatusCodes.Status201Created;
        }, NullLogger<SiloLossRetryMiddleware>.Instance);
        var context = Post(RepeatableOnSiloLoss.Instance);
        context.Request.Body = new ForwardOnlyStream(body);
        if (lengthKnown)
        {
            context.Request.ContentLength = body.Length;
        }
        else
        {
            context.Request.Headers.TransferEncoding = "chunked";
        }

        await middleware.InvokeAsync(context);

        Assert.Equal(StatusCodes.Status201Created, context.Response.StatusCode);
        Assert.Equal(2, seen.Count);
        Assert.Equal(body, seen[0]);
        Assert.Equal(body, seen[1]);
    }

    [Fact]
    public async Task A_repeated_get_without_a_body_is_run_again()
    {
        var runs = 0;
        var middleware = new SiloLossRetryMiddleware(context =>
        {
            if (++runs == 1)
            {
                throw new SiloUnavailableException("lost");
            }

            context.Response.StatusCode = StatusCodes.Status200OK;
            return Task.CompletedTask;
        }, NullLogger<SiloLossRetryMiddleware>.Instance);
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = "/events";

        await middleware.InvokeAsync(context);

        Assert.Equal((2, StatusCodes.Status200OK), (runs, context.Response.StatusCode));
    }

    private static DefaultHttpContext Post(params object[] metadata)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.Path = "/reservations";
        context.SetEndpoint(new Endpoint(null, new EndpointMetadataCollection(metadata), "test endpoint"));
        return context;
    }

    /// <summary>A request body as Kestrel gives it: read once, no seeking.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
