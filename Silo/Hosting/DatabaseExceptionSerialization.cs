using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Ticketing.Silo.Hosting;

/// <summary>
/// Orleans serializes exceptions of the System, Microsoft and Azure namespaces only. A grain whose state cannot be
/// read or written while PostgreSQL is down fails with Orleans' storage exception around an Npgsql one; without this,
/// sending that failure to another silo or to the Api fails itself (a codec error, answered 500), and callers cannot
/// see it was the database (answered 503, retry). Both ends of a call need it: silos and the client-mode Api.
/// </summary>
public static class DatabaseExceptionSerialization
{
    public static IServiceCollection AddDatabaseExceptionSerialization(this IServiceCollection services)
        => services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
}
