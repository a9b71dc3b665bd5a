namespace Ticketing.Silo.Hosting;

/// <summary>The database could not be reached or migrated at start-up.</summary>
public sealed class DatabaseStartupException(string message) : Exception(message);
