namespace Ticketing.Tests.Database;

/// <summary>Test-only grain with persistent state and a reminder, to prove the PostgreSQL providers end to end.</summary>
[Alias("ticketing.tests.IDurableNoteGrain")]
public interface IDurableNoteGrain : IGrainWithStringKey
{
    Task WriteAsync(string text);

    Task<string?> ReadAsync();

    Task<string> GetSiloAsync();

    Task RegisterReminderAsync();

    Task ClearAsync();
}
