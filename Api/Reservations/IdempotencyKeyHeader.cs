
namespace Ticketing.Api.Reservations;

/// <summary>The optional <c>Idempotency-Key</c> of <c>POST /reservations</c>: 1..255 printable ASCII characters.</summary>
public static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static bool IsValid(string key) => key.Length is >= 1 and <= 255 && key.All(c => c is >= ' ' and <= '~');
}
