namespace Ticketing.Users;

[GenerateSerializer, Immutable, Alias("ticketing.EmailClaim")]
public sealed record EmailClaim([property: Id(0)] bool Claimed, [property: Id(1)] string OwnerUserId);
