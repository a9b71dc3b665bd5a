using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ticketing.Tests.Payments.FakeStripe;

/// <summary>
/// A local HTTP server speaking the parts of Stripe's API the provider uses (PaymentIntents create and search,
/// Refunds), with Stripe's JSON shapes and error format and idempotent replays by <c>Idempotency-Key</c> (a key reused with
/// other parameters is Stripe's 400 <c>idempotency_error</c>).
/// Payment method tokens: <c>pm_card_visa</c> succeeds, <c>pm_card_chargeDeclined</c> is declined,
/// <c>pm_card_authenticationRequired</c> requires action (3-D Secure: <c>next_action</c> and the client secret;
/// <see cref="CompleteAuthentication"/> passes it), <c>pm_card_slow</c> succeeds but answers too late,
/// <c>pm_card_serverError</c> succeeds but answers 500 (saved for replays, as Stripe does). <see cref="RateLimitNext"/>
/// makes it answer 429 for a while.
/// </summary>
public sealed class FakeStripeServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (int Status, string Body, string Parameters)> _replays = new();
    private readonly ConcurrentDictionary<string, JsonObject> _intents = new();
    private readonly ConcurrentDictionary<string, string> _intentKeys = new();
    private WebApplication _app = null!;
    private int _rateLimitedLeft;
    private string? _shouldRetry;
    private int _rateLimitedAnswers;

    public string BaseUrl { get; private set; } = "";

    public int IntentsCreated => _intents.Count;

    public ConcurrentBag<string> Refunds { get; } = [];

    /// <summary>How many requests were answered 429 so far.</summary>
    public int RateLimitedAnswers => Volatile.Read(ref _rateLimitedAnswers);

    /// <summary>
    /// The next <paramref name="requests"/> requests, whatever their endpoint, are answered 429 with Stripe's
    /// <c>rate_limit</c> error, before anything is made or saved for idempotent replay (Stripe's limiter turns requests
    /// away in front of the API). <paramref name="shouldRetry"/> sets <c>Stripe-Should-Retry</c>, the header by which
    /// Stripe tells its SDKs whether a retry may succeed; null leaves it out.
    /// </summary>
    public void RateLimitNext(int requests, bool? shouldRetry)
    {
        _shouldRetry = shouldRetry switch { true => "true", false => "false", null => null };
        Volatile.Write(ref _rateLimitedLeft, requests);
    }

    /// <summary>Every request is rate limited until <see cref="StopRateLimiting"/>.</summary>
    public void StartRateLimiting(bool? shouldRetry) => RateLimitNext(int.MaxValue, shouldRetry);

    public void StopRateLimiting() => Volatile.Write(ref _rateLimitedLeft, 0);

    public static async Task<FakeStripeServer> StartAsync()
    {
        var server = new FakeStripeServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.Use(server.RateLimitAsync);
        app.MapPost("/v1/payment_intents", (Delegate)server.CreateIntentAsync);
        app.MapGet("/v1/payment_intents/search", (Delegate)server.Search);
        app.MapPost("/v1/refunds", (Delegate)server.CreateRefundAsync);
        await app.StartAsync();
        server._app = app;
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return server;
    }

    private async Task RateLimitAsync(HttpContext http, RequestDelegate next)
    {
        var left = Volatile.Read(ref _rateLimitedLeft);
        while (left > 0 && Interlocked.CompareExchange(ref _rateLimitedLeft, left == int.MaxValue ? left : left - 1, left) != left)
        {
            left = Volatile.Read(ref _rateLimitedLeft);
        }

        if (left <= 0)
        {
            await next(http);
            return;
        }

        Interlocked.Increment(ref _rateLimitedAnswers);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.ContentType = "application/json";
        if (_shouldRetry is { } shouldRetry)
        {
            http.Response.Headers["Stripe-Should-Retry"] = shouldRetry;
        }

        await http.Response.WriteAsync(new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["type"] = "invalid_request_error",
                ["code"] = "rate_limit",
                ["message"] = "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.",
            },
        }.ToJsonString());
    }

    private async Task<IResult> CreateIntentAsync(HttpContext http)
    {
        var form = await http.Request.ReadFormAsync();
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        var parameters = Parameters(form);
        if (key.Length > 0 && _replays.TryGetValue("pi:" + key, out var replay))
        {
            return replay.Parameters == parameters
                ? Results.Content(replay.Body, "application/json", statusCode: replay.Status)
                : IdempotencyError(key);
        }

        var id = "pi_" + Guid.NewGuid().ToString("N")[..24];
        var method = form["payment_method"].ToString();
        var intent = new JsonObject
        {
            ["id"] = id,
            ["object"] = "payment_intent",
            ["amount"] = long.Parse(form["amount"]!, CultureInfo.InvariantCulture),
            ["currency"] = form["currency"].ToString(),
            // Stripe returns the client secret to secret-key callers; Stripe.js needs it to finish 3-D Secure.
            ["client_secret"] = $"{id}_secret_{Guid.NewGuid():N}",
            ["status"] = method switch
            {
                "pm_card_authenticationRequired" => "requires_action",
                "pm_card_chargeDeclined" => "requires_payment_method",
                _ => "succeeded",
            },
            ["metadata"] = new JsonObject { ["booking_id"] = form["metadata[booking_id]"].ToString() },
        };
        if (method == "pm_card_authenticationRequired")
        {
            intent["next_action"] = new JsonObject { ["type"] = "use_stripe_sdk", ["use_stripe_sdk"] = new JsonObject { ["type"] = "three_d_secure_redirect" } };
        }

        _intents[id] = intent;
        _intentKeys[id] = key;

        (int Status, string Body) answer = method == "pm_card_chargeDeclined"
            ? (402, new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["type"] = "card_error",
                    ["code"] = "card_declined",
                    ["decline_code"] = "generic_decline",
                    ["message"] = "Your card was declined.",
                    ["payment_intent"] = intent.DeepClone(),
                },
            }.ToJsonString())
            : method == "pm_card_serverError"
                ? (500, new JsonObject { ["error"] = new JsonObject { ["type"] = "api_error", ["message"] = "An unexpected error occurred." } }.ToJsonString())
                : (200, intent.ToJsonString());
        if (key.Length > 0)
        {
            _replays["pi:" + key] = (answer.Status, answer.Body, parameters);
        }

        if (method == "pm_card_slow")
        {
            // The charge is made, but the answer comes after the client gave up.
            await Task.Delay(TimeSpan.FromSeconds(5));
        }

        return Results.Content(answer.Body, "application/json", statusCode: answer.Status);
    }

    private IResult Search(string query)
    {
        var bookingId = query.Split('\'').ElementAtOrDefault(3) ?? "";
        var data = new JsonArray([.. _intents.Values.Where(i => i["metadata"]?["booking_id"]?.GetValue<string>() == bookingId).Select(i => i.DeepClone())]);
        return Results.Content(new JsonObject
        {
            ["object"] = "search_result",
            ["url"] = "/v1/payment_intents/search",
            ["has_more"] = false,
            ["data"] = data,
        }.ToJsonString(), "application/json");
    }

    private async Task<IResult> CreateRefundAsync(HttpContext http)
    {
        var form = await http.Request.ReadFormAsync();
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length > 0 && _replays.TryGetValue("re:" + key, out var replay))
        {
            return Results.Content(replay.Body, "application/json", statusCode: replay.Status);
        }

        var intentId = form["payment_intent"].ToString();
        if (!_intents.TryGetValue(intentId, out var intent) || intent["status"]!.GetValue<string>() != "succeeded")
        {
            return Results.Content(new JsonObject
            {
                ["error"] = new JsonObject { ["type"] = "invalid_request_error", ["code"] = "resource_missing", ["message"] = "No such payment_intent" },
            }.ToJsonString(), "application/json", statusCode: 404);
        }

        var refund = new JsonObject
        {
            ["id"] = "re_" + Guid.NewGuid().ToString("N")[..24],
            ["object"] = "refund",
            ["amount"] = form.ContainsKey("amount") ? long.Parse(form["amount"]!, CultureInfo.InvariantCulture) : intent["amount"]!.GetValue<long>(),
            ["payment_intent"] = intentId,
            ["status"] = "succeeded",
        }.ToJsonString();
        Refunds.Add(intentId);
        if (key.Length > 0)
        {
            _replays["re:" + key] = (200, refund, Parameters(form));
        }

        return Results.Content(refund, "application/json");
    }

    /// <summary>The PaymentIntents made for a booking (Stripe's metadata.booking_id), oldest first.</summary>
    public IReadOnlyList<FakeIntent> IntentsFor(string bookingId)
        => [.. _intents.Values
            .Where(i => i["metadata"]?["booking_id"]?.GetValue<string>() == bookingId)
            .Select(i => new FakeIntent(i["id"]!.GetValue<string>(), _intentKeys.GetValueOrDefault(i["id"]!.GetValue<string>(), ""), bookingId, i["status"]!.GetValue<string>()))];

    /// <summary>The client secret Stripe gave out for this PaymentIntent.</summary>
    public string ClientSecretOf(string intentId) => _intents[intentId]["client_secret"]!.GetValue<string>();

    /// <summary>
    /// What Stripe does when the customer passes 3-D Secure in Stripe.js: the intent succeeds (so it can be refunded
    /// and is found as succeeded) and Stripe sends <c>payment_intent.succeeded</c>, which the caller signs and posts.
    /// </summary>
    public void CompleteAuthentication(string intentId)
    {
        var intent = _intents[intentId];
        intent["status"] = "succeeded";
        intent.Remove("next_action");
    }

    /// <summary>Stripe compares a replayed key's parameters with the first request's and refuses a different request.</summary>
    private static string Parameters(IFormCollection form)
        => string.Join('&', form.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    private static IResult IdempotencyError(string key) => Results.Content(new JsonObject
    {
        ["error"] = new JsonObject
        {
            ["type"] = "idempotency_error",
            ["message"] = $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request.",
        },
    }.ToJsonString(), "application/json", statusCode: 400);

    /// <summary>A Stripe event carrying a PaymentIntent, signed as Stripe signs webhooks.</summary>
    public static (string Payload, string Signature) SignedEvent(string type, string intentId, string bookingId, string secret, DateTimeOffset signedAt, string? eventId = null)
    {
        var payload = new JsonObject
        {
            ["id"] = eventId ?? "evt_" + Guid.NewGuid().ToString("N")[..24],
            ["object"] = "event",
            ["api_version"] = "2025-01-27.acacia",
            ["created"] = signedAt.ToUnixTimeSeconds(),
            ["type"] = type,
            ["data"] = new JsonObject
            {
                ["object"] = new JsonObject
                {
                    ["id"] = intentId,
                    ["object"] = "payment_intent",
                    ["amount"] = 5000,
                    ["currency"] = "gbp",
                    ["status"] = type == "payment_intent.succeeded" ? "succeeded" : "requires_payment_method",
                    ["metadata"] = new JsonObject { ["booking_id"] = bookingId },
                },
            },
        }.ToJsonString();
        return (payload, Sign(payload, secret, signedAt));
    }

    /// <summary>A signed <c>charge.refunded</c> event: <paramref name="amountRefunded"/> of <paramref name="amount"/> refunded so far.</summary>
    public static (string Payload, string Signature) SignedChargeRefunded(string intentId, string bookingId, long amount, long amountRefunded, string secret, DateTimeOffset signedAt)
    {
        var payload = new JsonObject
        {
            ["id"] = "evt_" + Guid.NewGuid().ToString("N")[..24],
            ["object"] = "event",
            ["api_version"] = "2025-01-27.acacia",
            ["created"] = signedAt.ToUnixTimeSeconds(),
            ["type"] = "charge.refunded",
            ["data"] = new JsonObject
            {
                ["object"] = new JsonObject
                {
                    ["id"] = "ch_" + Guid.NewGuid().ToString("N")[..24],
                    ["object"] = "charge",
                    ["amount"] = amount,
                    ["amount_refunded"] = amountRefunded,
                    ["refunded"] = amountRefunded >= amount,
                    ["currency"] = "gbp",
                    ["payment_intent"] = intentId,
                    ["metadata"] = new JsonObject { ["booking_id"] = bookingId },
                },
            },
        }.ToJsonString();
        return (payload, Sign(payload, secret, signedAt));
    }

    private static string Sign(string payload, string secret, DateTimeOffset signedAt)
    {
        var t = signedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var v1 = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(secret), System.Text.Encoding.UTF8.GetBytes($"{t}.{payload}")));
        return $"t={t},v1={v1}";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
