using System.Net;
using System.Net.Sockets;

namespace OrleansLB.Silo.Observability;

/// <summary>A TCP port on 127.0.0.1 that nothing listens on now, for a tool that must be told its port (Prometheus) or a peer that must not answer.</summary>
internal static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
