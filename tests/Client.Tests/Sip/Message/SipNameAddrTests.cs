using System.Text;

namespace OrleansLB.Client.Sip.Message;

public sealed class SipNameAddrTests
{
    [Theory]
    [InlineData("\"Bob \\\"B\\\"\" <sip:bob@biloxi.example.com>;tag=a6c85cf", "Bob \\\"B\\\"", "sip:bob@biloxi.example.com", "a6c85cf", true)]
    [InlineData("Anonymous Caller <sip:c8oqz84zk7z@privacy.org>;tag=hyh8", "Anonymous Caller", "sip:c8oqz84zk7z@privacy.org", "hyh8", true)]
    [InlineData("<sip:alice@atlanta.example.com>", "", "sip:alice@atlanta.example.com", "", true)]
    [InlineData("sip:alice@atlanta.example.com;tag=88sja8x", "", "sip:alice@atlanta.example.com", "88sja8x", false)]
    [InlineData("  sip:+12125551212@server.phone2net.com ; tag = 887s  ", "", "sip:+12125551212@server.phone2net.com", "887s", false)]
    [InlineData("<tel:+1-201-555-0123>", "", "tel:+1-201-555-0123", "", true)]
    public void TryParse_Forms_ReadDisplayUriAndTag(string text, string display, string uri, string tag, bool nameAddr)
    {
        Assert.True(SipNameAddr.TryParse(Encoding.UTF8.GetBytes(text), out var address));

        Assert.Equal(display, Text(address.DisplayName));
        Assert.Equal(uri, Text(address.Uri));
        Assert.Equal(tag, Text(address.Tag));
        Assert.Equal(tag.Length > 0, address.HasTag);
        Assert.Equal(nameAddr, address.IsNameAddr);
    }

    [Fact]
    public void TryParse_ContactParameters_AreHeaderParameters()
    {
        Assert.True(SipNameAddr.TryParse("<sip:bob@192.0.2.4;transport=udp>;expires=3600;q=0.7;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>\""u8, out var address));

        Assert.True(address.TryGetParameter("expires"u8, out var expires));
        Assert.Equal("3600", Text(expires));
        Assert.True(address.TryGetParameter("+sip.instance"u8, out var instance));
        Assert.Equal("\"<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>\"", Text(instance));
        Assert.True(address.TryGetUri(out var uri));
        Assert.Equal("udp", Text(uri.Transport));
    }

    [Fact]
    public void TryParse_Star_IsWildcard()
    {
        Assert.True(SipNameAddr.TryParse(" * "u8, out var address));

        Assert.True(address.IsWildcard);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\"Unterminated <sip:a@b>")]
    [InlineData("<sip:a@b")]
    [InlineData("< sip:a@b >")]
    [InlineData("<>")]
    [InlineData("Bell, Alexander <sip:a@b>")]
    [InlineData("\"Name\" sip:a@b")]
    [InlineData("sip:a@b?subject=x")]
    [InlineData("<sip:a@b>;;tag=1")]
    [InlineData("<sip:a@b>;tag=")]
    [InlineData("<sip:a@b> trailing")]
    [InlineData("no-scheme")]
    public void TryParse_Malformed_ReturnsFalse(string text)
    {
        Assert.False(SipNameAddr.TryParse(Encoding.UTF8.GetBytes(text), out _));
    }

    private static string Text(ReadOnlySpan<byte> value) => Encoding.UTF8.GetString(value);
}
