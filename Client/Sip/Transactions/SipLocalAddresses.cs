using System.Collections.Concurrent;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using OrleansLB.Client.Sip.Transport;

namespace OrleansLB.Client.Sip.Transactions;

/// <summary>
/// This element's own addresses: what its Via headers name (per transport and address family) and
/// which host and port pairs are "myself" (Kamailio's <c>myself</c>: listen addresses, advertised
/// addresses and aliases), for loose routing and for OPTIONS addressed to the edge.
/// </summary>
internal sealed class SipLocalAddresses
{
    private readonly IReadOnlyList<SipBoundListener> _listeners;
    private readonly HashSet<(string Host, int Port)> _own = [];
    private readonly ConcurrentDictionary<IPAddress, IPAddress> _sourceFor = new();

    /// <param name="listeners">The bound listeners (<see cref="SipTransportHost.Listeners"/>).</param>
    /// <param name="aliases">More names this element answers to, such as the Service address other elements use.</param>
    public SipLocalAddresses(IReadOnlyList<SipBoundListener> listeners, IEnumerable<(string Host, int Port)>? aliases = null)
    {
        ArgumentNullException.ThrowIfNull(listeners);
        _listeners = listeners;
        foreach (var listener in listeners)
        {
            var address = listener.EndPoint.EndPoint.Address;
            var port = listener.EndPoint.EndPoint.Port;
            if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            {
                foreach (var local in InterfaceAddresses(address.AddressFamily))
                {
                    _own.Add((Normalize(local.ToString()), port));
                }
            }
            else
            {
                _own.Add((Normalize(address.ToString()), port));
            }

            if (listener.AdvertisedHost is { } advertised)
            {
                _own.Add((Normalize(advertised), listener.AdvertisedPort));
            }
        }

        foreach (var (host, port) in aliases ?? [])
        {
            _own.Add((Normalize(host), port));
        }
    }

    public IReadOnlyList<SipBoundListener> Listeners => _listeners;

    /// <summary>Whether host and port (0 for none: 5060) name this element.</summary>
    public bool IsLocal(ReadOnlySpan<byte> host, int port)
    {
        var name = Normalize(Encoding.ASCII.GetString(host));
        return _own.Contains((name, port > 0 ? port : SipListenerOptions.DefaultPort));
    }

    /// <summary>
    /// The listener a message to <paramref name="destination"/> leaves from: the first of the
    /// transport with the destination's address family.
    /// </summary>
    public bool TryGetListener(SipTransportKind transport, AddressFamily family, out SipBoundListener listener)
    {
        foreach (var candidate in _listeners)
        {
            if (candidate.EndPoint.Transport == transport && candidate.EndPoint.AddressFamily == family)
            {
                listener = candidate;
                return true;
            }
        }

        listener = null!;
        return false;
    }

    /// <summary>
    /// The sent-by (<c>host:port</c>) for a Via of a message to <paramref name="destination"/>: the
    /// listener's advertised host, or for a wildcard listener the local address the system routes from.
    /// False when no listener has the destination's transport and address family.
    /// </summary>
    public bool TryGetSentBy(SipEndPoint destination, out string sentBy)
    {
        if (!TryGetListener(destination.Transport, destination.AddressFamily, out var listener))
        {
            sentBy = string.Empty;
            return false;
        }

        var host = listener.AdvertisedHost ?? SourceFor(destination.EndPoint.Address).ToString();
        sentBy = $"{FormatHost(host)}:{listener.AdvertisedPort}";
        return true;
    }

    /// <summary>A host for a URI or Via: IPv6 addresses in brackets.</summary>
    public static string FormatHost(string host) => host.Contains(':') && !host.StartsWith('[') ? $"[{host}]" : host;

    private IPAddress SourceFor(IPAddress destination) => _sourceFor.GetOrAdd(destination, static d =>
    {
        // Connecting a datagram socket sends nothing; it asks the routing table which address would be used.
        using var probe = new Socket(d.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        probe.Connect(new IPEndPoint(d, 9));
        return ((IPEndPoint)probe.LocalEndPoint!).Address;
    });

    private static string Normalize(string host)
    {
        var trimmed = host.Length > 1 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;
        return IPAddress.TryParse(trimmed, out var address) ? address.ToString() : trimmed.TrimEnd('.').ToLowerInvariant();
    }

    private static IEnumerable<IPAddress> InterfaceAddresses(AddressFamily family)
    {
        IEnumerable<IPAddress> found;
        try
        {
            found = NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(u => u.Address)
                .ToList();
        }
        catch (NetworkInformationException)
        {
            found = [];
        }

        return found.Where(a => a.AddressFamily == family)
            .Append(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback);
    }
}
