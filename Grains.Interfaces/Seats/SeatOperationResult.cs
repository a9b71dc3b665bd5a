using Ticketing.Common;

namespace Ticketing.Seats;

[GenerateSerializer, Immutable, Alias("ticketing.SeatOperationResult")]
public sealed record SeatOperationResult([property: Id(0)] DomainError? Error)
{
    public static readonly SeatOperationResult Ok = new((DomainError?)null);

    public bool Succeeded => Error is null;
}
