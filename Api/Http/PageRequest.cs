namespace Ticketing.Api.Http;

/// <summary>
/// Validated paging parameters: page from 1, page size 1..100 (default 20), and no further than
/// <see cref="MaxItemsSkipped"/> items in: a larger page would overflow the offset (a negative OFFSET is a database
/// error, a negative Skip silently the first page), and no list here holds that many items anyway.
/// </summary>
public readonly record struct PageRequest(int Page, int PageSize)
{
    public const int MaxPageSize = 100;

    public const int MaxItemsSkipped = 1_000_000;

    public int Skip => (Page - 1) * PageSize;

    /// <summary>Returns the errors for bad values, or none.</summary>
    public static bool TryCreate(int? page, int? pageSize, out PageRequest request, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var p = page ?? 1;
        var s = pageSize ?? 20;
        if (p < 1)
        {
            errors["page"] = ["page must be 1 or more."];
        }

        if (s is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."];
        }

        else if (p > 1 && (long)(p - 1) * s > MaxItemsSkipped)
        {
            errors["page"] = [$"page goes beyond the first {MaxItemsSkipped} items; narrow the search instead."];
        }

        request = new PageRequest(p, s);
        return errors.Count == 0;
    }
}
