using System.Net;
using System.Net.Sockets;

namespace OrleansLB.Client.Sip.Transport;

/// <summary>
/// A transport and an IP end point, equal by value: the key for listeners, connections and send
/// targets. IPv4-mapped IPv6 addresses are unmapped, so one peer has one end point.
/// </summary>
internal readonly record struct SipEndPoint
{
    public SipEndPoint(SipTransportKind transport, IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        Transport = transport;
        EndPoint = endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;
    }

    public SipEndPoint(SipTransportKind transport, IPAddress address, int port)
        : this(transport, new IPEndPoint(address, port))
    {
    }

    public SipTransportKind Transport { get; }

    public IPEndPoint EndPoint { get; }

    public AddressFamily AddressFamily => EndPoint.AddressFamily;

    /// <summary><c>udp:127.0.0.1:5060</c>, <c>tcp:[::1]:5060</c>: the form Kamailio prints for sockets.</summary>
    public override string ToString() => Transport switch
    {
        SipTransportKind.Udp => $"udp:{EndPoint}",
        SipTransportKind.Tcp => $"tcp:{EndPoint}",
        _ => $"{(int)Transport}:{EndPoint}",
    };
}
