using System.Net;
using OrleansLB.Client.Sip.Transport;

namespace OrleansLB.Client.Sip.Proxy;

public sealed class SipUriResolverTests
{
    private readonly ManualTimeProvider _clock = new();
    private int _lookups;

    [Theory]
    [InlineData("sip:203.0.113.1", false, "udp:203.0.113.1:5060")]
    [InlineData("sip:ast@203.0.113.1:5070", false, "udp:203.0.113.1:5070")]
    [InlineData("sip:203.0.113.1;transport=tcp", false, "tcp:203.0.113.1:5060")]
    [InlineData("sip:203.0.113.1;transport=UDP", true, "udp:203.0.113.1:5060")]
    [InlineData("sip:203.0.113.1", true, "tcp:203.0.113.1:5060")]
    [InlineData("sip:[2001:db8::1]:5080", false, "udp:[2001:db8::1]:5080")]
    public async Task Resolve_AddressUris(string uri, bool tcpByDefault, string expected)
        => Assert.Equal(expected, (await Resolver().ResolveAsync(uri, tcpByDefault ? SipTransportKind.Tcp : SipTransportKind.Udp))?.ToString());

    [Theory]
    [InlineData("sips:203.0.113.1")]
    [InlineData("tel:+4930123")]
    [InlineData("sip:203.0.113.1;transport=tls")]
    [InlineData("not a uri")]
    public async Task Resolve_WhatIsNotServed_IsNull(string uri)
        => Assert.Null(await Resolver().ResolveAsync(uri, SipTransportKind.Udp));

    [Fact]
    public async Task Resolve_HostName_LookedUpOnceThenCachedUntilItExpires()
    {
        var resolver = Resolver();

        var first = await resolver.ResolveAsync("sip:asterisk.example.com:5080", SipTransportKind.Udp);
        await resolver.ResolveAsync("sip:ASTERISK.example.com", SipTransportKind.Udp);
        _clock.Advance(TimeSpan.FromSeconds(31));
        await resolver.ResolveAsync("sip:asterisk.example.com", SipTransportKind.Udp);

        Assert.Equal("udp:198.51.100.44:5080", first?.ToString());
        Assert.Equal(2, _lookups);
    }

    [Fact]
    public async Task Resolve_UnknownHostName_IsNull()
        => Assert.Null(await Resolver().ResolveAsync("sip:nowhere.example.com", SipTransportKind.Udp));

    private SipUriResolver Resolver() => new(_clock, (host, _) =>
    {
        _lookups++;
        return host.Equals("asterisk.example.com", StringComparison.OrdinalIgnoreCase)
            ? Task.FromResult(new[] { IPAddress.Parse("2001:db8::44"), IPAddress.Parse("198.51.100.44") })
            : Task.FromException<IPAddress[]>(new System.Net.Sockets.SocketException(11001));
    });
}
