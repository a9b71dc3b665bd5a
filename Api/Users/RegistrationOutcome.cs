using Ticketing.Users;

namespace Ticketing.Api.Users;

/// <summary><see cref="User"/> when registered; otherwise the address already belongs to <see cref="ExistingUserId"/>.</summary>
public sealed record RegistrationOutcome(UserSnapshot? User, string? ExistingUserId);
