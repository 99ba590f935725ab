using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using OrleansLB.Client.Routing;
using OrleansLB.Client.Security;
using OrleansLB.Client.Sip.Transactions;
using OrleansLB.Client.Sip.Transport;

namespace OrleansLB.Client.Configuration;

/// <summary>
/// Reads the <c>Sip</c> section: the listeners, written as Kamailio's <c>listen</c> lines
/// (<c>udp:127.0.0.1:5060</c>, <c>tcp:[::1]:5060 advertise sip.example.com:5060</c>) or as objects
/// (Transport, Address, Port, AdvertisedHost, AdvertisedPort), and the socket limits.
/// </summary>
internal static class SipConfiguration
{
    public const string SectionName = "Sip";

    public static SipTransportOptions Read(IConfiguration configuration, List<string> errors)
    {
        var section = new SectionReader(configuration.GetSection(SectionName), errors);
        var d = new SipTransportOptions();
        var listeners = new List<SipListenerOptions>();
        foreach (var item in section.Child(nameof(SipTransportOptions.Listeners)).Section.GetChildren())
        {
            if (ReadListener(item, errors) is { } listener)
            {
                listeners.Add(listener);
            }
        }

        var options = new SipTransportOptions
        {
            Listeners = listeners,
            UdpReceiveBufferSize = section.Int(nameof(d.UdpReceiveBufferSize), d.UdpReceiveBufferSize, 0, int.MaxValue),
            UdpSendBufferSize = section.Int(nameof(d.UdpSendBufferSize), d.UdpSendBufferSize, 0, int.MaxValue),
            UdpUnreachable = section.Bool(nameof(d.UdpUnreachable), d.UdpUnreachable),
            TcpReceiveBufferSize = section.Int(nameof(d.TcpReceiveBufferSize), d.TcpReceiveBufferSize, 0, int.MaxValue),
            TcpSendBufferSize = section.Int(nameof(d.TcpSendBufferSize), d.TcpSendBufferSize, 0, int.MaxValue),
            MaxTcpConnections = section.Int(nameof(d.MaxTcpConnections), d.MaxTcpConnections, 1, 1_000_000),
            TcpIdleTimeout = section.Duration(nameof(d.TcpIdleTimeout), d.TcpIdleTimeout),
            TcpConnectTimeout = section.Duration(nameof(d.TcpConnectTimeout), d.TcpConnectTimeout),
            TcpSendTimeout = section.Duration(nameof(d.TcpSendTimeout), d.TcpSendTimeout),
            MaxMessageSize = section.Int(nameof(d.MaxMessageSize), d.MaxMessageSize, 1024, SipTransportOptions.MaxDatagramSize),
            RateLimit = ReadRateLimit(section.Child(nameof(d.RateLimit))),
            Scanners = ReadScanners(section.Child(nameof(d.Scanners))),
            Timers = ReadTimers(section.Child(nameof(d.Timers))),
        };
        section.RejectUnknownKeys();
        errors.AddRange(options.Validate().Where(e => !errors.Contains(e)));
        return options;
    }

    /// <summary>Reads <c>Sip:RateLimit</c>: pike's parameters, the exempt networks, and what a flood gets.</summary>
    internal static RateLimitOptions ReadRateLimit(SectionReader section)
    {
        var d = RateLimitOptions.Default;
        var exempt = new List<SourceNetwork>();
        var networks = section.Strings(nameof(d.Exempt)) ?? [];
        for (var i = 0; i < networks.Count; i++)
        {
            if (SourceNetwork.TryParse(networks[i], out var network, out var problem))
            {
                exempt.Add(network);
            }
            else
            {
                section.Error($"{nameof(d.Exempt)}:{i}", problem!);
            }
        }

        var options = new RateLimitOptions
        {
            Enabled = section.Bool(nameof(d.Enabled), d.Enabled),
            Requests = section.Int(nameof(d.Requests), d.Requests, int.MinValue, int.MaxValue),
            Window = section.Duration(nameof(d.Window), d.Window),
            BlockTime = section.Duration(nameof(d.BlockTime), d.BlockTime),
            Action = section.Enum(nameof(d.Action), d.Action),
            ReplyLimit = section.Int(nameof(d.ReplyLimit), d.ReplyLimit, int.MinValue, int.MaxValue),
            MaxSources = section.Int(nameof(d.MaxSources), d.MaxSources, int.MinValue, int.MaxValue),
            IPv6PrefixLength = section.Int(nameof(d.IPv6PrefixLength), d.IPv6PrefixLength, int.MinValue, int.MaxValue),
            ExemptDestinations = section.Bool(nameof(d.ExemptDestinations), d.ExemptDestinations),
            Exempt = exempt,
        };
        section.RejectUnknownKeys();
        return options;
    }

    /// <summary>Reads <c>Sip:Timers</c>: T1, T2, T4, the linger and the server transactions' safety net.</summary>
    internal static SipTimerOptions ReadTimers(SectionReader section)
    {
        var d = SipTimerOptions.Default;
        var options = new SipTimerOptions
        {
            T1 = section.Duration(nameof(d.T1), d.T1),
            T2 = section.Duration(nameof(d.T2), d.T2),
            T4 = section.Duration(nameof(d.T4), d.T4),
            Linger = !section.Has(nameof(d.Linger)) ? d.Linger : section.Duration(nameof(d.Linger), d.LingerTime),
            MaxServerTransactionLifetime = section.Duration(nameof(d.MaxServerTransactionLifetime), d.MaxServerTransactionLifetime),
        };
        section.RejectUnknownKeys();
        return options;
    }

    /// <summary>Reads <c>Sip:Scanners</c>; a <c>UserAgents</c> list replaces the default one.</summary>
    internal static ScannerOptions ReadScanners(SectionReader section)
    {
        var d = ScannerOptions.Default;
        var options = new ScannerOptions
        {
            Enabled = section.Bool(nameof(d.Enabled), d.Enabled),
            UserAgents = section.Strings(nameof(d.UserAgents)) ?? d.UserAgents,
            Action = section.Enum(nameof(d.Action), d.Action),
        };
        section.RejectUnknownKeys();
        return options;
    }

    /// <summary>Parses <c>proto:address:port [advertise host:port]</c>; the port may be left out (5060).</summary>
    internal static bool TryParseListen(string text, out SipListenerOptions? listener, out string? problem)
    {
        listener = null;
        problem = null;
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length is not (1 or 3) || (parts.Length == 3 && !parts[1].Equals("advertise", StringComparison.OrdinalIgnoreCase)))
        {
            problem = $"'{text}' is not a listen line; write proto:address:port, optionally followed by 'advertise host:port' (udp:0.0.0.0:5060 advertise 203.0.113.7:5060)";
            return false;
        }

        var colon = parts[0].IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !Enum.TryParse<SipTransportKind>(parts[0][..colon], ignoreCase: true, out var transport) || !Enum.IsDefined(transport))
        {
            problem = $"'{parts[0]}' does not start with a transport; write udp: or tcp: before the address";
            return false;
        }

        if (!TrySplitHostPort(parts[0][(colon + 1)..], out var host, out var port) || !IPAddress.TryParse(host, out var address))
        {
            problem = $"'{parts[0][(colon + 1)..]}' is not an IP address with an optional port (IPv6 in brackets: [::1]:5060)";
            return false;
        }

        listener = new SipListenerOptions(transport, address, port ?? SipListenerOptions.DefaultPort);
        if (parts.Length == 3)
        {
            if (!TrySplitHostPort(parts[2], out var advertisedHost, out var advertisedPort))
            {
                problem = $"advertise '{parts[2]}' is not host[:port]";
                return false;
            }

            listener = listener with { AdvertisedHost = advertisedHost, AdvertisedPort = advertisedPort };
        }

        return true;
    }

    private static SipListenerOptions? ReadListener(IConfigurationSection item, List<string> errors)
    {
        if (item.Value is { } line)
        {
            if (TryParseListen(line, out var parsed, out var problem))
            {
                return parsed;
            }

            errors.Add($"{item.Path}: {problem}");
            return null;
        }

        var reader = new SectionReader(item, errors);
        var transport = reader.Enum("Transport", SipTransportKind.Udp);
        var addressText = reader.String("Address");
        var port = reader.Int("Port", SipListenerOptions.DefaultPort, 0, 65_535);
        var advertisedHost = reader.String("AdvertisedHost");
        int? advertisedPort = !reader.Has("AdvertisedPort") ? null : reader.Int("AdvertisedPort", 0, 1, 65_535);
        reader.RejectUnknownKeys();
        if (!IPAddress.TryParse(addressText, out var address))
        {
            reader.Error("Address", addressText is null ? "missing; give an IPv4 or IPv6 address (0.0.0.0 or :: for all interfaces)" : $"'{addressText}' is not an IP address");
            return null;
        }

        return new SipListenerOptions(transport, address, port) { AdvertisedHost = advertisedHost, AdvertisedPort = advertisedPort };
    }

    private static bool TrySplitHostPort(string text, out string host, out int? port)
    {
        host = text;
        port = null;
        var portStart = text.StartsWith('[') ? text.IndexOf("]:", StringComparison.Ordinal) + 1 : (text.Count(c => c == ':') == 1 ? text.IndexOf(':', StringComparison.Ordinal) : -1);
        if (portStart > 0)
        {
            host = text[..portStart];
            if (!int.TryParse(text[(portStart + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 0 or > 65_535)
            {
                return false;
            }

            port = p;
        }

        host = host.Trim('[', ']');
        return host.Length > 0;
    }
}
