namespace Ticketing.Api.Http;

/// <summary>Validated paging parameters: page from 1, page size 1..100 (default 20).</summary>
public readonly record struct PageRequest(int Page, int PageSize)
{
    public const int MaxPageSize = 100;

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

        request = new PageRequest(p, s);
        return errors.Count == 0;
    }
}
