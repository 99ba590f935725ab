using System.Net;
using System.Net.Sockets;

namespace OrleansLB.Client.Sip.Transport;

/// <summary>
/// Turns the raw source address of a datagram into a <see cref="SipEndPoint"/> without allocating
/// for peers seen recently: a direct-mapped table keyed by the address bytes. A proxy hears from a
/// bounded crowd (phones, its Asterisk servers), so nearly every datagram hits. Not thread-safe:
/// each receive loop owns one.
/// </summary>
internal sealed class SipEndPointCache
{
    private static readonly IPEndPoint AnyV4 = new(IPAddress.Any, 0);
    private static readonly IPEndPoint AnyV6 = new(IPAddress.IPv6Any, 0);

    private readonly SipTransportKind _transport;
    private readonly Entry[] _entries;
    private readonly int _mask;

    public SipEndPointCache(SipTransportKind transport, int size = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _transport = transport;
        _entries = new Entry[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)size)];
        _mask = _entries.Length - 1;
    }

    /// <summary>Peers that were not in the table (each cost one IPEndPoint); for tests and tuning.</summary>
    public long Misses { get; private set; }

    public SipEndPoint Get(SocketAddress address)
    {
        ref var entry = ref _entries[address.GetHashCode() & _mask];
        if (entry.Address is not null && entry.Address.Equals(address))
        {
            return entry.EndPoint;
        }

        Misses++;
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(copy.Buffer.Span);
        var ipEndPoint = (IPEndPoint)(address.Family == AddressFamily.InterNetworkV6 ? AnyV6 : AnyV4).Create(copy);
        entry = new Entry(copy, new SipEndPoint(_transport, ipEndPoint));
        return entry.EndPoint;
    }

    private readonly record struct Entry(SocketAddress? Address, SipEndPoint EndPoint);
}
