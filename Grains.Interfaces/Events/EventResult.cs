using Ticketing.Common;

namespace Ticketing.Events;

[GenerateSerializer, Immutable, Alias("ticketing.EventResult")]
public sealed record EventResult([property: Id(0)] EventSnapshot? Event, [property: Id(1)] DomainError? Error)
{
    public bool Succeeded => Error is null;

    public static EventResult Ok(EventSnapshot snapshot) => new(snapshot, null);

    public static EventResult Fail(DomainError error) => new(null, error);
}
