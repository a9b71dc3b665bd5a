namespace Ticketing.Tests.Infrastructure;

/// <summary>
/// The real Api in client mode (as in the scripted cluster and docker-compose): no silo of its own, it joins the
/// PostgreSQL cluster <paramref name="clusterId"/> through the membership table, so every grain call and every
/// answer or exception crosses the wire and is serialized.
/// </summary>
public sealed class ClientModeApi(string connectionString, string clusterId, bool dashboard = false) : ApiFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Ticketing:Hosting:Mode", "Client"),
        new("ConnectionStrings:Ticketing", connectionString),
        new("Ticketing:Hosting:ClusterId", clusterId),
        new("Ticketing:Hosting:Dashboard", dashboard ? "true" : "false"),
        new("Ticketing:Tickets:SigningKey", "test-ticket-signing-key-at-least-32-characters"),
    ];
}
