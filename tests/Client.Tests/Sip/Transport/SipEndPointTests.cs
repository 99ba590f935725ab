using System.Net;

namespace OrleansLB.Client.Sip.Transport;

public sealed class SipEndPointTests
{
    [Fact]
    public void ToString_KamailioSocketForm()
    {
        Assert.Equal("udp:127.0.0.1:5060", new SipEndPoint(SipTransportKind.Udp, IPAddress.Loopback, 5060).ToString());
        Assert.Equal("tcp:[::1]:5061", new SipEndPoint(SipTransportKind.Tcp, IPAddress.IPv6Loopback, 5061).ToString());
    }

    [Fact]
    public void Equals_SameTransportAddressAndPort_EqualWithSameHash()
    {
        var a = new SipEndPoint(SipTransportKind.Tcp, IPAddress.Parse("192.0.2.1"), 5060);
        var b = new SipEndPoint(SipTransportKind.Tcp, new IPEndPoint(IPAddress.Parse("192.0.2.1"), 5060));

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, new SipEndPoint(SipTransportKind.Udp, IPAddress.Parse("192.0.2.1"), 5060));
        Assert.NotEqual(a, new SipEndPoint(SipTransportKind.Tcp, IPAddress.Parse("192.0.2.1"), 5061));
        Assert.NotEqual(a, new SipEndPoint(SipTransportKind.Tcp, IPAddress.Parse("192.0.2.2"), 5060));
    }

    [Fact]
    public void Constructor_IPv4MappedIPv6_UnmappedToIPv4()
    {
        var mapped = new SipEndPoint(SipTransportKind.Udp, IPAddress.Parse("::ffff:192.0.2.1"), 5060);

        Assert.Equal(new SipEndPoint(SipTransportKind.Udp, IPAddress.Parse("192.0.2.1"), 5060), mapped);
        Assert.Equal(System.Net.Sockets.AddressFamily.InterNetwork, mapped.AddressFamily);
    }
}
