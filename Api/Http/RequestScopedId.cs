using Ticketing.Common;

namespace Ticketing.Api.Http;

/// <summary>
/// The id of what a request creates, made once per HTTP request and kept in its items: a run repeated after a silo
/// loss asks the same grain again, which answers what the first run did (or finishes it) instead of creating twice.
/// </summary>
public static class RequestScopedId
{
    private static readonly object Key = new();

    public static string For(HttpContext context) => For(context, out _);

    /// <param name="minted">True on the request's first run, when the id was made just now: nothing can have been
    /// stored under it yet, so the grain may skip reading its state.</param>
    public static string For(HttpContext context, out bool minted)
    {
        if (context.Items.TryGetValue(Key, out var existing) && existing is string id)
        {
            minted = false;
            return id;
        }

        id = Ids.New();
        context.Items[Key] = id;
        minted = true;
        return id;
    }
}
