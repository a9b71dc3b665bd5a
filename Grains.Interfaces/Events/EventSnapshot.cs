namespace Ticketing.Events;

[GenerateSerializer, Immutable, Alias("ticketing.EventSnapshot")]
public sealed record EventSnapshot(
    [property: Id(0)] string Id,
    [property: Id(1)] string OrganizerId,
    [property: Id(2)] EventDefinition Definition,
    [property: Id(3)] EventStatus Status,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] DateTimeOffset UpdatedAt,
    [property: Id(6)] long Version);
