namespace Ticketing.Silo.Hosting;

/// <summary>A configuration mistake the operator must fix; its message is the one line printed at start-up.</summary>
public sealed class HostingConfigurationException(string message) : Exception(message);
