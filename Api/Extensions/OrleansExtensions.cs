using Orleans.Configuration;
using Orleans.Dashboard;
using Ticketing.Silo.Hosting;

namespace Ticketing.Api.Extensions;

public static class OrleansExtensions
{
    /// <summary>
    /// Embedded and PostgreSQL modes co-host a silo in this process; client mode joins a cluster of Silo
    /// processes through ADO.NET membership.
    /// </summary>
    public static WebApplicationBuilder AddTicketingOrleans(this WebApplicationBuilder builder, HostingSettings settings)
    {
        if (settings.Mode == RunMode.Client)
        {
            builder.UseOrleansClient(client =>
            {
                client.Services.AddDatabaseExceptionSerialization();
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = settings.Options.ClusterId;
                    o.ServiceId = settings.Options.ServiceId;
                });
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = settings.Options.DatabaseInvariant;
                    o.ConnectionString = settings.ConnectionString;
                });
                // Orleans' default is a minute: a silo killed with -9 stays in the client's gateway list until the next
                // refresh even once the cluster has declared it dead. A small query every few seconds is cheap.
                client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
                if (settings.Options.Dashboard)
                {
                    client.AddDashboard();
                }
            });
        }
        else
        {
            builder.UseOrleans(silo => silo.AddTicketingSilo(settings, builder.Configuration));
        }

        return builder;
    }

    /// <summary>
    /// The dashboard at /dashboard: open in embedded mode (a local trial), admins only elsewhere (browsers sign in once
    /// with <c>?access_token=</c>, see <see cref="Auth.DashboardAccessToken"/>).
    /// </summary>
    public static WebApplication MapTicketingDashboard(this WebApplication app, HostingSettings settings)
    {
        if (!settings.Options.Dashboard)
        {
            return app;
        }

        var group = app.MapOrleansDashboard("/dashboard").ExcludeFromDescription();
        if (settings.Options.DashboardRequiresAdmin ?? settings.Mode != RunMode.Embedded)
        {
            group.RequireAuthorization(Auth.Policies.Admin);
        }

        return app;
    }
}
