namespace Ticketing.Bookings;

/// <summary>A user's bookings, newest first (key: user id). Bookings that reached PendingPayment or Confirmed are listed.</summary>
[Alias("ticketing.IUserBookingsGrain")]
public interface IUserBookingsGrain : IGrainWithStringKey
{
    /// <summary>Adds the booking; idempotent.</summary>
    Task AddAsync(string bookingId, DateTimeOffset createdAt);

    [ReadOnly]
    Task<UserBookingsPage> GetPageAsync(int skip, int take);
}
