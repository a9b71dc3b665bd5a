namespace Ticketing.Idempotency;

/// <summary>Stored as JSON under the state name <c>idempotency</c>: property names are the stored format.</summary>
[GenerateSerializer]
public sealed class IdempotencyState
{
    [Id(0)] public IdempotencyStatus Status { get; set; }

    [Id(1)] public string? Fingerprint { get; set; }

    [Id(2)] public string? OperationId { get; set; }

    [Id(3)] public DateTimeOffset CreatedAt { get; set; }

    [Id(4)] public DateTimeOffset LeaseUntil { get; set; }

    [Id(5)] public int? ResponseStatusCode { get; set; }

    [Id(6)] public string? ResponseContentType { get; set; }

    [Id(7)] public string? ResponseBody { get; set; }

    [Id(8)] public Dictionary<string, string> ResponseHeaders { get; set; } = [];
}
