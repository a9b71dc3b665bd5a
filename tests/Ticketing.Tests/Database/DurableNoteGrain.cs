using Orleans.Runtime;
using Ticketing.Common;

namespace Ticketing.Tests.Database;

[GenerateSerializer]
public sealed class DurableNoteState
{
    [Id(0)] public string? Text { get; set; }
}

public sealed class DurableNoteGrain(
    [PersistentState("durable-note", StorageNames.Tickets)] IPersistentState<DurableNoteState> state,
    ILocalSiloDetails silo) : Grain, IDurableNoteGrain, IRemindable
{
    public async Task WriteAsync(string text)
    {
        state.State.Text = text;
        await state.WriteStateAsync();
    }

    public Task<string?> ReadAsync() => Task.FromResult(state.State.Text);

    public Task<string> GetSiloAsync() => Task.FromResult(silo.SiloAddress.ToString());

    public Task RegisterReminderAsync() => this.RegisterOrUpdateReminder("note", TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10));

    public Task ClearAsync() => state.ClearStateAsync();

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
