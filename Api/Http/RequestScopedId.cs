using Ticketing.Common;

namespace Ticketing.Api.Http;

/// <summary>
/// The id of what a request creates, made once per HTTP request and kept in its items: a run repeated after a silo
/// loss asks the same grain again, which answers what the first run did (or finishes it) instead of creating twice.
/// </summary>
public static class RequestScopedId
{
    private static readonly object Key = new();

    public static string For(HttpContext context)
    {
        if (context.Items.TryGetValue(Key, out var existing) && existing is string id)
        {
            return id;
        }

        id = Ids.New();
        context.Items[Key] = id;
        return id;
    }
}
