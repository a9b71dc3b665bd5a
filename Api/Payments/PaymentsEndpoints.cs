using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Ticketing.Api.Auth;
using Ticketing.Api.Http;
using Ticketing.Common;
using Ticketing.Payments;

namespace Ticketing.Api.Payments;

public static class PaymentsEndpoints
{
    private const int MaxWebhookBytes = 256 * 1024;

    /// <summary>The headers providers sign with; nothing else is forwarded to the silo.</summary>
    private static readonly string[] SignatureHeaders = ["Stripe-Signature", "Mock-Signature"];

    public static IEndpointRouteBuilder MapPaymentsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var payments = endpoints.MapGroup("/payments").WithTags("Payments");
        payments.MapPost("/webhooks/{provider}", ReceiveWebhookAsync).AllowAnonymous();
        payments.MapPost("/mock/settle", SettleAsync).RequireAuthorization(Policies.Admin);
        payments.MapGet("/mock/ledger", LedgerAsync).RequireAuthorization(Policies.Admin);
        return endpoints;
    }

    private static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> ReceiveWebhookAsync(string provider, HttpRequest request, IClusterClient client)
    {
        if (request.ContentLength > MaxWebhookBytes)
        {
            return ApiProblems.Create(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, "The webhook body is too large.");
        }

        string payload;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            var buffer = new char[MaxWebhookBytes + 1];
            var read = await reader.ReadBlockAsync(buffer, 0, buffer.Length);
            if (read > MaxWebhookBytes)
            {
                return ApiProblems.Create(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, "The webhook body is too large.");
            }

            payload = new string(buffer, 0, read);
        }

        var headers = SignatureHeaders.Where(h => request.Headers.ContainsKey(h)).ToDictionary(h => h, h => request.Headers[h].ToString());
        var result = await client.For<IPaymentWebhookGrain>(0).HandleAsync(provider, payload, headers);
        return ToHttp(result);
    }

    private static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> SettleAsync(MockSettleRequest? request, IClusterClient client)
    {
        if (string.IsNullOrEmpty(request?.TransactionId) || request.Outcome is not ("succeeded" or "failed"))
        {
            return ApiProblems.Validation("outcome", "transactionId is required and outcome must be 'succeeded' or 'failed'.");
        }

        var result = await client.For<IPaymentWebhookGrain>(0).SettleMockChargeAsync(request.TransactionId, request.Outcome == "succeeded");
        return result.Handling == WebhookHandling.Ignored && result.Detail is not null
            ? ApiProblems.Create(StatusCodes.Status404NotFound, "charge_not_found", "No pending mock charge has that transaction id.", result.Detail)
            : ToHttp(result);
    }

    private static async Task<Ok<MockLedgerResponse>> LedgerAsync(IClusterClient client)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, MockLedgerShards.Count).Select(i => client.For<IMockPaymentLedgerGrain>(i).GetAsync()));
        return TypedResults.Ok(new MockLedgerResponse(
            [.. shards.SelectMany(s => s.Charges).OrderBy(c => c.CreatedAt).Select(MockLedgerChargeResponse.From)],
            [.. shards.SelectMany(s => s.Refunds).OrderBy(r => r.CreatedAt).Select(MockLedgerRefundResponse.From)]));
    }

    private static Results<Ok<WebhookResponse>, ProblemHttpResult> ToHttp(WebhookResult result) => result.Handling switch
    {
        WebhookHandling.Processed => TypedResults.Ok(new WebhookResponse("processed")),
        WebhookHandling.Duplicate => TypedResults.Ok(new WebhookResponse("duplicate")),
        WebhookHandling.Ignored => TypedResults.Ok(new WebhookResponse("ignored")),
        WebhookHandling.UnknownProvider => ApiProblems.Create(StatusCodes.Status400BadRequest, DomainErrorCodes.UnknownPaymentMethod, "Unknown payment provider.", result.Detail),
        _ => ApiProblems.Create(StatusCodes.Status400BadRequest, "invalid_signature", "The webhook signature could not be verified.", result.Detail),
    };
}
