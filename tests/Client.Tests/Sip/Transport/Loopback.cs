using System.Net;
using System.Net.Sockets;

namespace OrleansLB.Client.Sip.Transport;

/// <summary>The loopback addresses this machine can bind: 127.0.0.1 always, ::1 when IPv6 loopback exists.</summary>
internal static class Loopback
{
    public static readonly bool HasIPv6 = CanBind(IPAddress.IPv6Loopback);

    public static IReadOnlyList<IPAddress> Addresses { get; } =
        HasIPv6 ? [IPAddress.Loopback, IPAddress.IPv6Loopback] : [IPAddress.Loopback];

    /// <summary>A port nothing listens on: bound by the OS, then released.</summary>
    public static int ClosedPort(IPAddress address, SocketType type)
    {
        using var socket = new Socket(address.AddressFamily, type, type == SocketType.Dgram ? ProtocolType.Udp : ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public static CancellationToken Deadline(int seconds = 15) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    private static bool CanBind(IPAddress address)
    {
        if (!Socket.OSSupportsIPv6)
        {
            return false;
        }

        try
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(address, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
