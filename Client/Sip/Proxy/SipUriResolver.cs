using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OrleansLB.Client.Sip.Message;
using OrleansLB.Client.Sip.Transport;

namespace OrleansLB.Client.Sip.Proxy;

/// <summary>
/// Turns a next-hop URI into the end point to send to: the host (an address, or a name looked up
/// with A/AAAA and cached), the port (5060 when absent) and the transport (the URI's <c>transport</c>
/// parameter, else the caller's choice). SRV and NAPTR (RFC 3263) are not looked up; sips and
/// transports other than UDP and TCP are not served.
/// </summary>
internal sealed class SipUriResolver
{
    private readonly TimeProvider _time;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _lookup;
    private readonly TimeSpan _cacheFor;
    private readonly ConcurrentDictionary<string, (IPAddress Address, long Expires)> _cache = new(StringComparer.OrdinalIgnoreCase);

    public SipUriResolver(TimeProvider time, Func<string, CancellationToken, Task<IPAddress[]>>? lookup = null, TimeSpan? cacheFor = null)
    {
        _time = time;
        _lookup = lookup ?? Dns.GetHostAddressesAsync;
        _cacheFor = cacheFor ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>The end point for <paramref name="uri"/>, or null when it cannot be used.</summary>
    /// <param name="defaultTransport">The transport when the URI names none.</param>
    public ValueTask<SipEndPoint?> ResolveAsync(string uri, SipTransportKind defaultTransport, CancellationToken cancellationToken = default)
    {
        if (!TryParse(uri, defaultTransport, out var host, out var port, out var transport))
        {
            return ValueTask.FromResult<SipEndPoint?>(null);
        }

        if (IPAddress.TryParse(host, out var address))
        {
            return ValueTask.FromResult<SipEndPoint?>(new SipEndPoint(transport, address, port));
        }

        if (_cache.TryGetValue(host, out var cached) && cached.Expires > _time.GetTimestamp())
        {
            return ValueTask.FromResult<SipEndPoint?>(new SipEndPoint(transport, cached.Address, port));
        }

        return LookUpAsync(host, port, transport, cancellationToken);
    }

    /// <summary>The transport a URI's <c>transport</c> parameter names: null for none, false for one not served.</summary>
    public static bool TryGetTransport(ReadOnlySpan<byte> parameter, out SipTransportKind? transport)
    {
        transport = null;
        if (parameter.IsEmpty)
        {
            return true;
        }

        if (Ascii.EqualsIgnoreCase(parameter, "udp"u8))
        {
            transport = SipTransportKind.Udp;
            return true;
        }

        if (Ascii.EqualsIgnoreCase(parameter, "tcp"u8))
        {
            transport = SipTransportKind.Tcp;
            return true;
        }

        return false;
    }

    private static bool TryParse(string text, SipTransportKind defaultTransport, out string host, out int port, out SipTransportKind transport)
    {
        host = string.Empty;
        port = 0;
        transport = defaultTransport;
        if (!SipUri.TryParse(Encoding.UTF8.GetBytes(text), out var uri) || uri.Scheme != SipUriScheme.Sip
            || !TryGetTransport(uri.Transport, out var named))
        {
            return false;
        }

        var h = uri.Host;
        host = Encoding.ASCII.GetString(h.Length > 1 && h[0] == '[' ? h[1..^1] : h);
        port = uri.HasPort ? uri.Port : SipListenerOptions.DefaultPort;
        transport = named ?? defaultTransport;
        return host.Length > 0;
    }

    private async ValueTask<SipEndPoint?> LookUpAsync(string host, int port, SipTransportKind transport, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        try
        {
            addresses = await _lookup(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return null;
        }

        // IPv4 first: the listeners of most deployments are IPv4 only.
        var address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
        if (address is null)
        {
            return null;
        }

        _cache[host] = (address, _time.GetTimestamp() + (long)(_cacheFor.TotalSeconds * _time.TimestampFrequency));
        return new SipEndPoint(transport, address, port);
    }
}
