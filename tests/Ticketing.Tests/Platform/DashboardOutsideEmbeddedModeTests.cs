using System.Net;
using Ticketing.Api.Auth;
using Ticketing.Tests.Infrastructure;

namespace Ticketing.Tests.Platform;

/// <summary>
/// The dashboard's admin requirement as it ships outside embedded mode: decided by the run mode alone, without the
/// <c>Ticketing:Hosting:DashboardRequiresAdmin</c> override the sign-in tests use.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DashboardOutsideEmbeddedModeTests(PostgresFixture postgres)
{
    [PostgresFact]
    public async Task In_postgresql_mode_only_an_admin_opens_the_dashboard()
        => await AssertOnlyAdminsOpenTheDashboardAsync(new ModeApiFixture("PostgreSql", postgres.ConnectionString, "dash-pg-" + Guid.NewGuid().ToString("N")[..8]));

    [PostgresFact]
    public async Task In_client_mode_only_an_admin_opens_the_dashboard()
    {
        // Client mode needs a cluster to join: one silo on the test database.
        var clusterId = "dash-client-" + Guid.NewGuid().ToString("N")[..8];
        await using var silo = await PostgresSilo.StartAsync(postgres.ConnectionString, clusterId, "dash-silo");
        await AssertOnlyAdminsOpenTheDashboardAsync(new ModeApiFixture("Client", postgres.ConnectionString, clusterId));
    }

    private static async Task AssertOnlyAdminsOpenTheDashboardAsync(ApiFixture api)
    {
        await api.InitializeAsync();
        try
        {
            using var anonymous = api.CreateClient();
            using var customer = api.CreateClient("dash-pg-customer", Roles.Customer);
            using var organizer = api.CreateClient("dash-pg-organizer", Roles.Customer, Roles.Organizer);
            using var admin = api.CreateClient("dash-pg-admin", Roles.Admin);

            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/dashboard/")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/dashboard/")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await organizer.GetAsync("/dashboard/")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/dashboard/")).StatusCode);
        }
        finally
        {
            await api.DisposeAsync();
        }
    }

    /// <summary>The Api in a mode on the test database (co-hosting a silo, or a client of one); the dashboard setting left to its default.</summary>
    private sealed class ModeApiFixture(string mode, string connectionString, string clusterId) : ApiFixture
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("Ticketing:Hosting:Mode", mode),
            new("Ticketing:Hosting:ClusterId", clusterId),
            new("ConnectionStrings:Ticketing", connectionString),
            new("Ticketing:Tickets:SigningKey", "test-ticket-signing-key-at-least-32-characters"),
        ];
    }
}
