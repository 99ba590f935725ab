using System.Net;
using OrleansLB.Client.Sip.Transport;

namespace OrleansLB.Client.Sip.Transactions;

public sealed class SipLocalAddressesTests
{
    private static readonly SipLocalAddresses Addresses = new(
    [
        new SipBoundListener(new SipEndPoint(SipTransportKind.Udp, IPAddress.Parse("192.0.2.10"), 5060), "192.0.2.10", 5060),
        new SipBoundListener(new SipEndPoint(SipTransportKind.Udp, IPAddress.Parse("2001:db8::10"), 5062), null, 5062),
        new SipBoundListener(new SipEndPoint(SipTransportKind.Tcp, IPAddress.Parse("192.0.2.10"), 5070), "edge.example.com", 5070),
    ], [("sip.example.com", 5060)]);

    [Theory]
    [InlineData("192.0.2.10", 5060, true)]
    [InlineData("192.0.2.10", 0, true)]
    [InlineData("192.0.2.10", 5061, false)]
    [InlineData("[2001:db8::10]", 5062, true)]
    [InlineData("2001:DB8:0::10", 5062, true)]
    [InlineData("EDGE.example.com.", 5070, true)]
    [InlineData("sip.example.com", 0, true)]
    [InlineData("192.0.2.11", 5060, false)]
    public void IsLocal_ListenersAdvertisedAndAliases(string host, int port, bool expected)
        => Assert.Equal(expected, Addresses.IsLocal(System.Text.Encoding.ASCII.GetBytes(host), port));

    [Fact]
    public void TryGetSentBy_UsesTheListenerOfTheTransportAndFamily()
    {
        Assert.True(Addresses.TryGetSentBy(new SipEndPoint(SipTransportKind.Tcp, IPAddress.Parse("203.0.113.1"), 5060), out var tcp));
        Assert.Equal("edge.example.com:5070", tcp);
        Assert.True(Addresses.TryGetSentBy(new SipEndPoint(SipTransportKind.Udp, IPAddress.Parse("2001:db8::99"), 5060), out var v6));
        Assert.StartsWith("[", v6);
        Assert.EndsWith("]:5062", v6);
        Assert.False(Addresses.TryGetSentBy(new SipEndPoint(SipTransportKind.Tcp, IPAddress.Parse("2001:db8::99"), 5060), out _));
    }
}
