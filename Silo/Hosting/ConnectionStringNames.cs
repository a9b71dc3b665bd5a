namespace Ticketing.Silo.Hosting;

public static class ConnectionStringNames
{
    /// <summary><c>ConnectionStrings:Ticketing</c> (env <c>ConnectionStrings__Ticketing</c>): the PostgreSQL system of record.</summary>
    public const string Ticketing = "Ticketing";
}
