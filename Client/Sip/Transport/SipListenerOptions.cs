using System.Net;

namespace OrleansLB.Client.Sip.Transport;

/// <summary>
/// One listening socket, as Kamailio's <c>listen=udp:10.0.0.1:5060 advertise 203.0.113.7:5060</c>.
/// Port 0 takes a free port (tests). The advertised host and port are what Via and Record-Route
/// will carry when the socket sits behind NAT; they default to the bound address and port.
/// </summary>
internal sealed record SipListenerOptions(SipTransportKind Transport, IPAddress Address, int Port = SipListenerOptions.DefaultPort)
{
    public const int DefaultPort = 5060;

    public string? AdvertisedHost { get; init; }

    public int? AdvertisedPort { get; init; }

    /// <summary><c>udp:0.0.0.0:5060</c>, <c>tcp:[::1]:5060</c>; never throws, so invalid options can be named in errors.</summary>
    public override string ToString() =>
        $"{Transport.ToString().ToLowerInvariant()}:{(Address?.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Address}]" : Address)}:{Port}";
}
