using Ticketing.Common;

namespace Ticketing.Seats;

/// <summary>Whether a row or GA counter takes new holds now: sales open, inside the window, event not started.</summary>
public static class SalesWindow
{
    public static DomainError? RefusalAt(SalesState? sales, DateTimeOffset now)
    {
        if (sales is null || !sales.Open)
        {
            return new DomainError(DomainErrorCodes.EventNotOnSale, "The event is not on sale.");
        }

        if (sales.SalesStartAt is { } start && now < start)
        {
            return new DomainError(DomainErrorCodes.EventNotOnSale, $"Sales open at {start:O}.");
        }

        if (sales.SalesEndAt is { } end && now >= end)
        {
            return new DomainError(DomainErrorCodes.EventNotOnSale, "Sales have ended.");
        }

        return now >= sales.StartsAt ? new DomainError(DomainErrorCodes.EventNotOnSale, "The event has already started.") : null;
    }
}
