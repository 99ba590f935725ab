using System.Net.Sockets;
using OrleansLB.Client.Security;
using OrleansLB.Client.Sip.Transactions;

namespace OrleansLB.Client.Sip.Transport;

/// <summary>
/// Listeners and socket limits of the SIP edge, with Kamailio's core parameters as the reference
/// (<c>listen</c>, <c>udp_rcv_buf</c>-style tuning, <c>tcp_max_connections</c>,
/// <c>tcp_connection_lifetime</c>, <c>tcp_connect_timeout</c>, <c>tcp_send_timeout</c>; defaults from Kamailio's tcp_init.h).
/// </summary>
internal sealed record SipTransportOptions
{
    public const int MaxDatagramSize = 65_535;
    public const int MinBufferSize = 4 * 1024;
    public const int MaxBufferSize = 256 * 1024 * 1024;

    public IReadOnlyList<SipListenerOptions> Listeners { get; init; } = [];

    /// <summary>
    /// SO_RCVBUF of UDP sockets. A burst of datagrams waits here while the loop is busy; 4 MiB is
    /// what tuned Kamailio installations use. Linux caps it at <c>net.core.rmem_max</c>. 0 keeps the OS default.
    /// </summary>
    public int UdpReceiveBufferSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>SO_SNDBUF of UDP sockets; 0 keeps the OS default.</summary>
    public int UdpSendBufferSize { get; init; }

    /// <summary>
    /// Whether an ICMP port unreachable from a destination fails the transaction it quotes at once
    /// if it has no response yet (RFC 3261 §18.4), instead of after the failover timeout or Timer
    /// B/F. Linux only; elsewhere such errors are ignored.
    /// </summary>
    public bool UdpUnreachable { get; init; } = true;

    /// <summary>SO_RCVBUF of TCP sockets; 0 keeps the OS default (autotuned on Linux).</summary>
    public int TcpReceiveBufferSize { get; init; }

    /// <summary>SO_SNDBUF of TCP sockets; 0 keeps the OS default.</summary>
    public int TcpSendBufferSize { get; init; }

    /// <summary>Open TCP connections, accepted and opened together (Kamailio <c>tcp_max_connections</c>, default 2048).</summary>
    public int MaxTcpConnections { get; init; } = 2048;

    /// <summary>A TCP connection with nothing read or written for this long is closed (Kamailio <c>tcp_connection_lifetime</c>, 120 s).</summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How long opening a TCP connection may take (Kamailio <c>tcp_connect_timeout</c>, 10 s).</summary>
    public TimeSpan TcpConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a send may wait for a peer that does not read before its connection is closed (Kamailio <c>tcp_send_timeout</c>, 10 s).</summary>
    public TimeSpan TcpSendTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest message received or sent, headers and body: a datagram's limit by default.</summary>
    public int MaxMessageSize { get; init; } = MaxDatagramSize;

    /// <summary>Per-source rate limiting of received messages (Kamailio's pike), checked before parsing.</summary>
    public RateLimitOptions RateLimit { get; init; } = RateLimitOptions.Default;

    /// <summary>Requests from scanners, told by their User-Agent, refused before parsing.</summary>
    public ScannerOptions Scanners { get; init; } = ScannerOptions.Default;

    /// <summary>The transaction timers (<c>Sip:Timers</c>).</summary>
    public SipTimerOptions Timers { get; init; } = SipTimerOptions.Default;

    /// <summary>Every problem, each naming its key and how to fix it; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Listeners is null || Listeners.Count == 0)
        {
            errors.Add("Sip:Listeners: give at least one listener, such as udp:0.0.0.0:5060.");
        }
        else
        {
            for (var i = 0; i < Listeners.Count; i++)
            {
                ValidateListener(Listeners[i], $"Sip:Listeners:{i}", errors);
            }

            foreach (var duplicate in Listeners.Where(l => l?.Address is not null && l.Port != 0).GroupBy(l => l.ToString()).Where(g => g.Count() > 1))
            {
                errors.Add($"Sip:Listeners: {duplicate.Key} is listed {duplicate.Count()} times; list each socket once.");
            }
        }

        ValidateBuffer(nameof(UdpReceiveBufferSize), UdpReceiveBufferSize, errors);
        ValidateBuffer(nameof(UdpSendBufferSize), UdpSendBufferSize, errors);
        ValidateBuffer(nameof(TcpReceiveBufferSize), TcpReceiveBufferSize, errors);
        ValidateBuffer(nameof(TcpSendBufferSize), TcpSendBufferSize, errors);

        if (MaxTcpConnections is < 1 or > 1_000_000)
        {
            errors.Add($"Sip:{nameof(MaxTcpConnections)} is {MaxTcpConnections}; set it between 1 and 1000000 (Kamailio's default is 2048).");
        }

        if (TcpIdleTimeout < TimeSpan.FromSeconds(1) || TcpIdleTimeout > TimeSpan.FromDays(1))
        {
            errors.Add($"Sip:{nameof(TcpIdleTimeout)} is {TcpIdleTimeout}; set it between 1 second and 1 day (Kamailio's default is 120 seconds).");
        }

        if (TcpConnectTimeout < TimeSpan.FromMilliseconds(100) || TcpConnectTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"Sip:{nameof(TcpConnectTimeout)} is {TcpConnectTimeout}; set it between 100 milliseconds and 5 minutes (Kamailio's default is 10 seconds).");
        }

        if (TcpSendTimeout < TimeSpan.FromMilliseconds(100) || TcpSendTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"Sip:{nameof(TcpSendTimeout)} is {TcpSendTimeout}; set it between 100 milliseconds and 5 minutes (Kamailio's default is 10 seconds).");
        }

        if (MaxMessageSize is < 1024 or > MaxDatagramSize)
        {
            errors.Add($"Sip:{nameof(MaxMessageSize)} is {MaxMessageSize}; set it between 1024 and {MaxDatagramSize} bytes.");
        }

        errors.AddRange(RateLimit?.Validate() ?? [$"{RateLimitOptions.Key}: missing; leave it out for the defaults."]);
        errors.AddRange(Scanners?.Validate() ?? [$"{ScannerOptions.Key}: missing; leave it out for the defaults."]);
        errors.AddRange(Timers?.Validate() ?? ["Sip:Timers: missing; leave it out for the defaults."]);
        return errors;
    }

    private static void ValidateListener(SipListenerOptions? listener, string key, List<string> errors)
    {
        if (listener is null)
        {
            errors.Add($"{key}: the listener is empty; remove it or give transport, address and port.");
            return;
        }

        if (!Enum.IsDefined(listener.Transport))
        {
            errors.Add($"{key}:Transport {(int)listener.Transport} is unknown; use {string.Join(" or ", Enum.GetNames<SipTransportKind>())}.");
        }

        if (listener.Address is null)
        {
            errors.Add($"{key}:Address is missing; give an IPv4 or IPv6 address (0.0.0.0 or :: for all interfaces).");
        }
        else if (listener.Address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            errors.Add($"{key}:Address {listener.Address} is not an IPv4 or IPv6 address.");
        }

        if (listener.Port is < 0 or > 65_535)
        {
            errors.Add($"{key}:Port is {listener.Port}; set it between 1 and 65535 (5060 is SIP's), or 0 for any free port.");
        }

        if (listener.AdvertisedPort is < 1 or > 65_535)
        {
            errors.Add($"{key}:AdvertisedPort is {listener.AdvertisedPort}; set it between 1 and 65535, or leave it out to advertise the bound port.");
        }

        if (listener.AdvertisedHost is not null && (listener.AdvertisedHost.Length == 0 || listener.AdvertisedHost.Any(c => char.IsWhiteSpace(c) || c == ';' || c == ',')))
        {
            errors.Add($"{key}:AdvertisedHost '{listener.AdvertisedHost}' is not a host name or address; give one such as sip.example.com or 203.0.113.7, or leave it out.");
        }
    }

    private static void ValidateBuffer(string name, int value, List<string> errors)
    {
        if (value != 0 && value is < MinBufferSize or > MaxBufferSize)
        {
            errors.Add($"Sip:{name} is {value}; set it between {MinBufferSize} and {MaxBufferSize} bytes, or 0 to keep the OS default.");
        }
    }
}
