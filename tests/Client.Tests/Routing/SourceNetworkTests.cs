using System.Net;

namespace OrleansLB.Client.Routing;

public sealed class SourceNetworkTests
{
    [Theory]
    [InlineData("198.51.100.5", "198.51.100.5", 32)]
    [InlineData("198.51.100.5/32", "198.51.100.5", 32)]
    [InlineData("203.0.113.0/24", "203.0.113.0/24", 24)]
    [InlineData("0.0.0.0/0", "0.0.0.0/0", 0)]
    [InlineData("2001:db8::/32", "2001:db8::/32", 32)]
    [InlineData("2001:DB8::1", "2001:db8::1", 128)]
    [InlineData("::/0", "::/0", 0)]
    [InlineData("::ffff:203.0.113.0/120", "203.0.113.0/24", 24)]
    [InlineData("::ffff:198.51.100.5", "198.51.100.5", 32)]
    public void TryParse_AddressOrCidr_ReadsNetwork(string text, string expected, int prefixLength)
    {
        Assert.True(SourceNetwork.TryParse(text, out var network, out var problem), problem);
        Assert.Equal(expected, network.ToString());
        Assert.Equal(prefixLength, network.PrefixLength);
    }

    [Theory]
    [InlineData("10.0.0.0/33", "'10.0.0.0/33' is not an IP address or CIDR (prefix length must be 0-32 for IPv4)")]
    [InlineData("2001:db8::/129", "'2001:db8::/129' is not an IP address or CIDR (prefix length must be 0-128 for IPv6)")]
    [InlineData("10.0.0.0/", "prefix length must be 0-32 for IPv4")]
    [InlineData("10.0.0.0/-1", "prefix length must be 0-32 for IPv4")]
    [InlineData("10.0.0.0/ 8", "prefix length must be 0-32 for IPv4")]
    [InlineData("203.0.113.10/24", "'203.0.113.10/24' has bits set after the first 24; write 203.0.113.0/24 for the network")]
    [InlineData("2001:db8::1/32", "write 2001:db8::/32 for the network")]
    [InlineData("::ffff:203.0.113.1/120", "write 203.0.113.0/24 for the network")]
    [InlineData("::ffff:0:0/95", "IPv4-mapped network shorter than /96")]
    [InlineData("010.0.0.1", "four decimal numbers without leading zeros")]
    [InlineData("10.1", "four decimal numbers without leading zeros")]
    [InlineData("sbc.example.com", "'sbc.example.com' is not an IP address or CIDR (write an address as")]
    [InlineData("", "empty; give an IP address")]
    public void TryParse_BadText_SaysWhatIsWrongAndHowToWriteIt(string text, string expected)
    {
        Assert.False(SourceNetwork.TryParse(text, out _, out var problem));
        Assert.Contains(expected, problem);
    }

    [Theory]
    [InlineData("0.0.0.0/0", "255.255.255.255", true)]
    [InlineData("0.0.0.0/0", "0.0.0.0", true)]
    [InlineData("0.0.0.0/0", "::ffff:192.0.2.1", true)]
    [InlineData("0.0.0.0/0", "2001:db8::1", false)]
    [InlineData("::/0", "2001:db8::1", true)]
    [InlineData("::/0", "::", true)]
    [InlineData("::/0", "192.0.2.1", false)]
    [InlineData("::/0", "::ffff:192.0.2.1", false)]
    [InlineData("128.0.0.0/1", "128.0.0.0", true)]
    [InlineData("128.0.0.0/1", "127.255.255.255", false)]
    [InlineData("203.0.113.0/24", "203.0.113.0", true)]
    [InlineData("203.0.113.0/24", "203.0.113.255", true)]
    [InlineData("203.0.113.0/24", "203.0.112.255", false)]
    [InlineData("203.0.113.0/24", "203.0.114.0", false)]
    [InlineData("203.0.113.0/24", "::ffff:203.0.113.7", true)]
    [InlineData("198.51.100.5/32", "198.51.100.5", true)]
    [InlineData("198.51.100.5/32", "198.51.100.4", false)]
    [InlineData("198.51.100.5/32", "198.51.100.6", false)]
    [InlineData("198.51.100.5/32", "::ffff:198.51.100.5", true)]
    [InlineData("2001:db8::1/128", "2001:db8::1", true)]
    [InlineData("2001:db8::1/128", "2001:db8::", false)]
    [InlineData("2001:db8::1/128", "2001:db8::3", false)]
    [InlineData("2001:db8::/32", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", true)]
    [InlineData("2001:db8::/32", "2001:db9::", false)]
    [InlineData("8000::/1", "7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false)]
    [InlineData("::ffff:203.0.113.0/120", "203.0.113.9", true)]
    [InlineData("::1", "127.0.0.1", false)]
    [InlineData("127.0.0.1", "::1", false)]
    public void Contains_NetworkEdges_MatchesOnlyInside(string network, string address, bool expected)
    {
        Assert.True(SourceNetwork.TryParse(network, out var parsed, out _));

        Assert.Equal(expected, parsed.Contains(SourceAddress.From(IPAddress.Parse(address))));
    }

    [Theory]
    [InlineData("0.0.0.0/0")]
    [InlineData("::/0")]
    public void Contains_UnknownSource_NeverMatches(string network)
    {
        Assert.True(SourceNetwork.TryParse(network, out var parsed, out _));

        Assert.False(parsed.Contains(SourceAddress.From(null)));
    }
}
