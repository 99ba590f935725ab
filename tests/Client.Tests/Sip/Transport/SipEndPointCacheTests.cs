using System.Net;

namespace OrleansLB.Client.Sip.Transport;

public sealed class SipEndPointCacheTests
{
    [Fact]
    public void Get_SamePeerAgain_SameEndPointInstanceWithoutAMiss()
    {
        var cache = new SipEndPointCache(SipTransportKind.Udp);
        var address = new IPEndPoint(IPAddress.Parse("192.0.2.7"), 5060).Serialize();

        var first = cache.Get(address);
        var second = cache.Get(address);

        Assert.Equal(new SipEndPoint(SipTransportKind.Udp, IPAddress.Parse("192.0.2.7"), 5060), first);
        Assert.Same(first.EndPoint, second.EndPoint);
        Assert.Equal(1, cache.Misses);
    }

    [Fact]
    public void Get_AddressBufferReusedForAnotherPeer_NewPeerNotTheCachedOne()
    {
        // The receive loop refills one SocketAddress for every datagram: the cache must copy, not keep it.
        var cache = new SipEndPointCache(SipTransportKind.Udp, size: 1);
        var buffer = new IPEndPoint(IPAddress.IPv6Loopback, 5060).Serialize();
        var first = cache.Get(buffer);
        new IPEndPoint(IPAddress.IPv6Loopback, 5070).Serialize().Buffer.Span.CopyTo(buffer.Buffer.Span);

        var second = cache.Get(buffer);

        Assert.Equal("udp:[::1]:5060", first.ToString());
        Assert.Equal("udp:[::1]:5070", second.ToString());
        Assert.Equal(2, cache.Misses);
        Assert.Equal("udp:[::1]:5060", cache.Get(new IPEndPoint(IPAddress.IPv6Loopback, 5060).Serialize()).ToString());
    }
}
