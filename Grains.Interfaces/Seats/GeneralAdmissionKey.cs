namespace Ticketing.Seats;

/// <summary>The key of a general-admission counter grain: <c>{eventId}/{gaCategoryId}</c>.</summary>
public static class GeneralAdmissionKey
{
    public static string For(string eventId, string categoryId) => $"{eventId}/{categoryId}";
}
