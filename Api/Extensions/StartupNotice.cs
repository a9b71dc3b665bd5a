namespace Ticketing.Api.Extensions;

/// <summary>Something the operator must read at start-up (logged once as a warning).</summary>
public sealed record StartupNotice(string Message);
