namespace Ticketing.Users;

[GenerateSerializer]
public sealed class UserEmailIndexState
{
    [Id(0)] public string? UserId { get; set; }
}
