using System.Net;
using System.Net.Sockets;

namespace OrleansLB.Client.Sipp;

/// <summary>Hands out loopback ports that are free for both UDP and TCP, never the same twice per process.</summary>
/// <remarks>
/// sipp cannot take an already bound socket, and -p 0 means "the default, 5060" to it, so the
/// port is probed here and released just before sipp binds it. Another process may take it in
/// between; <see cref="SippProcess"/> then sees sipp exit with 254 and asks for another port.
/// Remembering issued ports keeps parallel test classes in this process apart.
/// </remarks>
internal static class SippPorts
{
    private const int Attempts = 100;
    private static readonly HashSet<int> Issued = [];

    public static int Next()
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;

            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
            }
            catch (SocketException)
            {
                continue;
            }

            lock (Issued)
            {
                if (Issued.Add(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"No loopback port free for both UDP and TCP after {Attempts} attempts.");
    }
}
