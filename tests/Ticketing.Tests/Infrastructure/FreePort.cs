using System.Net;
using System.Net.Sockets;

namespace Ticketing.Tests.Infrastructure;

/// <summary>Free loopback TCP ports: Orleans sets SO_REUSEPORT, so two silos on one port would not fail to bind.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
