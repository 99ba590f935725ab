using System.Text;

namespace OrleansLB.Client.Sip.Message;

public sealed class SipViaTests
{
    [Fact]
    public void TryParse_TypicalVia_ReadsEveryField()
    {
        Assert.True(SipVia.TryParse("SIP/2.0/UDP 192.0.2.4:5062;branch=z9hG4bK776asdhds;rport=5070;received=198.51.100.7;maddr=239.255.255.1;ttl=16"u8, out var via));

        Assert.Equal("SIP", Text(via.ProtocolName));
        Assert.Equal("2.0", Text(via.ProtocolVersion));
        Assert.Equal(SipTransport.Udp, via.Transport);
        Assert.Equal("192.0.2.4", Text(via.Host));
        Assert.Equal(5062, via.Port);
        Assert.Equal("z9hG4bK776asdhds", Text(via.Branch));
        Assert.True(via.HasMagicCookie);
        Assert.True(via.HasRPort);
        Assert.Equal(5070, via.RPort);
        Assert.Equal("198.51.100.7", Text(via.Received));
        Assert.Equal("239.255.255.1", Text(via.Maddr));
        Assert.True(via.TryGetParameter("TTL"u8, out var ttl));
        Assert.Equal("16", Text(ttl));
    }

    [Fact]
    public void TryParse_EmptyRPort_IsPresentWithoutValue()
    {
        Assert.True(SipVia.TryParse("SIP/2.0/TCP client.example.com;rport;branch=z9hG4bKx"u8, out var via));

        Assert.True(via.HasRPort);
        Assert.Equal(0, via.RPort);
        Assert.False(via.HasReceived);
        Assert.False(via.HasPort);
    }

    [Theory]
    [InlineData("SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bKx", "Wss", "df7jal23ls0d.invalid")]
    [InlineData("SIP/2.0/TLS [2001:db8::9]:5061;branch=z9hG4bKx", "Tls", "[2001:db8::9]")]
    [InlineData("sip/2.0/sctp h.example.com", "Sctp", "h.example.com")]
    [InlineData("SIP / 2.0 / UDP\r\n  h.example.com ; branch = z9hG4bKx", "Udp", "h.example.com")]
    public void TryParse_TransportsAndSpacing_AreRead(string text, string transport, string host)
    {
        Assert.True(SipVia.TryParse(Encoding.ASCII.GetBytes(text), out var via));

        Assert.Equal(Enum.Parse<SipTransport>(transport), via.Transport);
        Assert.Equal(host, Text(via.Host));
    }

    [Fact]
    public void TryParse_Ipv6Received_IsAcceptedWithoutBrackets()
    {
        Assert.True(SipVia.TryParse("SIP/2.0/UDP [2001:db8::9]:5060;received=2001:db8::9:255;branch=z9hG4bKas3-111"u8, out var via));

        Assert.Equal("2001:db8::9:255", Text(via.Received));
    }

    [Theory]
    [InlineData("")]
    [InlineData("SIP/2.0/UDP")]
    [InlineData("SIP/2.0/UDPh.example.com")]
    [InlineData("SIP/2.0 h.example.com")]
    [InlineData("SIP//UDP h.example.com")]
    [InlineData("SIP/2.0/UDP h.example.com:70000")]
    [InlineData("SIP/2.0/UDP h.example.com;")]
    [InlineData("SIP/2.0/UDP h.example.com;;branch=x")]
    [InlineData("SIP/2.0/UDP h.example.com;branch=")]
    [InlineData("SIP/2.0/UDP h.example.com;branch=\"open")]
    [InlineData("SIP/2.0/UDP h.example.com extra")]
    [InlineData("SIP/2.0/UDP h.example.com, SIP/2.0/UDP g.example.com")]
    public void TryParse_Malformed_ReturnsFalse(string text)
    {
        Assert.False(SipVia.TryParse(Encoding.ASCII.GetBytes(text), out _));
    }

    private static string Text(ReadOnlySpan<byte> value) => Encoding.UTF8.GetString(value);
}
