namespace Ticketing.Api.Http;

/// <summary>The one list shape of the API (SPEC section 9).</summary>
public sealed record PagedResponse<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);
