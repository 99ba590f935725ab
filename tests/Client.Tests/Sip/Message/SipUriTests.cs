using System.Text;

namespace OrleansLB.Client.Sip.Message;

public sealed class SipUriTests
{
    [Fact]
    public void TryParse_FullSipUri_SplitsEveryPart()
    {
        Assert.True(SipUri.TryParse("sip:alice:secret@atlanta.example.com:5070;transport=tcp;lr;maddr=239.255.255.1?subject=project%20x&priority=urgent"u8, out var uri));

        Assert.Equal(SipUriScheme.Sip, uri.Scheme);
        Assert.Equal("alice", Text(uri.User));
        Assert.Equal("secret", Text(uri.Password));
        Assert.Equal("atlanta.example.com", Text(uri.Host));
        Assert.Equal(SipHostKind.Name, uri.HostKind);
        Assert.Equal(5070, uri.Port);
        Assert.Equal("tcp", Text(uri.Transport));
        Assert.True(uri.IsLooseRouter);
        Assert.Equal("239.255.255.1", Text(uri.Maddr));
        Assert.Equal("transport=tcp;lr;maddr=239.255.255.1", Text(uri.Parameters));
        Assert.Equal("subject=project%20x&priority=urgent", Text(uri.Headers));
    }

    [Fact]
    public void TryParse_HostOnly_HasNoUserNorPort()
    {
        Assert.True(SipUri.TryParse("SIPS:biloxi.example.com"u8, out var uri));

        Assert.Equal(SipUriScheme.Sips, uri.Scheme);
        Assert.False(uri.HasUser);
        Assert.False(uri.HasPort);
        Assert.Equal(0, uri.Port);
        Assert.False(uri.IsLooseRouter);
        Assert.True(uri.Transport.IsEmpty);
    }

    [Theory]
    [InlineData("sip:10.0.0.1:5080", "10.0.0.1", "IPv4", 5080)]
    [InlineData("sip:[2001:db8::10]:5061;transport=tls", "[2001:db8::10]", "IPv6", 5061)]
    [InlineData("sip:agent042@[::1]", "[::1]", "IPv6", 0)]
    [InlineData("sip:asterisk-1.pbx.example.com.", "asterisk-1.pbx.example.com.", "Name", 0)]
    public void TryParse_Hosts_AreClassified(string text, string host, string kind, int port)
    {
        Assert.True(SipUri.TryParse(Encoding.ASCII.GetBytes(text), out var uri));

        Assert.Equal(host, Text(uri.Host));
        Assert.Equal(Enum.Parse<SipHostKind>(kind), uri.HostKind);
        Assert.Equal(port, uri.Port);
    }

    [Fact]
    public void TryParse_TelUri_KeepsNumberAndParameters()
    {
        Assert.True(SipUri.TryParse("tel:+1-201-555-0123;phone-context=example.com"u8, out var uri));

        Assert.Equal(SipUriScheme.Tel, uri.Scheme);
        Assert.Equal("+1-201-555-0123", Text(uri.User));
        Assert.True(uri.Host.IsEmpty);
        Assert.True(uri.TryGetParameter("PHONE-CONTEXT"u8, out var context));
        Assert.Equal("example.com", Text(context));
    }

    [Fact]
    public void GetParameters_EnumeratesInOrder()
    {
        Assert.True(SipUri.TryParse("sip:p.example.com;lr;transport=udp;x=1"u8, out var uri));

        var names = new List<string>();
        foreach (var p in uri.GetParameters())
        {
            names.Add(Text(p.Name) + (p.HasValue ? "=" + Text(p.Value) : string.Empty));
        }

        Assert.Equal(["lr", "transport=udp", "x=1"], names);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sip:")]
    [InlineData("sip:@example.com")]
    [InlineData("sip:alice@")]
    [InlineData("sip:alice@exa mple.com")]
    [InlineData("sip:alice@example.com:")]
    [InlineData("sip:alice@example.com:0")]
    [InlineData("sip:alice@example.com:65536")]
    [InlineData("sip:alice@example.com:12a")]
    [InlineData("sip:al%4@example.com")]
    [InlineData("sip:al\"ice@example.com")]
    [InlineData("sip:alice@-bad-.example.com")]
    [InlineData("sip:alice@a..b")]
    [InlineData("sip:alice@192.0.2.256")]
    [InlineData("sip:alice@[2001:db8::1")]
    [InlineData("sip:alice@example.com;=x")]
    [InlineData("sip:alice@example.com;x=")]
    [InlineData("sip:alice@example.com?novalue")]
    [InlineData("sip:alice@example.com>")]
    [InlineData("<sip:alice@example.com>")]
    [InlineData("http://example.com")]
    [InlineData("tel:")]
    [InlineData("tel:12 34")]
    public void TryParse_Malformed_ReturnsFalse(string text)
    {
        Assert.False(SipUri.TryParse(Encoding.ASCII.GetBytes(text), out _));
    }

    [Theory]
    [InlineData("http://www.example.com", true)]
    [InlineData("urn:service:sos", true)]
    [InlineData("soap.beep://192.0.2.103:3002", true)]
    [InlineData("1abc:x", false)]
    [InlineData("nocolon", false)]
    [InlineData("x:", false)]
    [InlineData("x:a b", false)]
    public void IsValidAbsoluteUri_ChecksGenericSyntax(string text, bool valid)
    {
        Assert.Equal(valid, SipUri.IsValidAbsoluteUri(Encoding.ASCII.GetBytes(text)));
    }

    private static string Text(ReadOnlySpan<byte> value) => Encoding.UTF8.GetString(value);
}
