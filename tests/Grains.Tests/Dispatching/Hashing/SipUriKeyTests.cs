using System.Text;
using FsCheck.Xunit;

namespace OrleansLB.Grains.Dispatching.Hashing;

public sealed class SipUriKeyTests
{
    [Theory]
    [InlineData("sip:alice@atlanta.com", "alice", "atlanta.com", "", "atlanta.com")]
    [InlineData("SIP:Alice@Atlanta.COM", "Alice", "Atlanta.COM", "", "Atlanta.COM")]
    [InlineData("sip:alice@atlanta.com:5060", "alice", "atlanta.com", "5060", "atlanta.com")]
    [InlineData("sip:alice@atlanta.com:05060", "alice", "atlanta.com", "05060", "atlanta.com")]
    [InlineData("sip:alice@atlanta.com:5080", "alice", "atlanta.com", "5080", "atlanta.com:5080")]
    [InlineData("sip:alice@atlanta.com:5061", "alice", "atlanta.com", "5061", "atlanta.com:5061")]
    [InlineData("sips:alice@atlanta.com:5061", "alice", "atlanta.com", "5061", "atlanta.com")]
    [InlineData("sips:alice@atlanta.com:5060", "alice", "atlanta.com", "5060", "atlanta.com:5060")]
    [InlineData("sip:alice:secret@atlanta.com;transport=tcp?subject=x", "alice", "atlanta.com", "", "atlanta.com")]
    [InlineData("sip:atlanta.com", "", "atlanta.com", "", "atlanta.com")]
    [InlineData("sip:atlanta.com:5080;lr", "", "atlanta.com", "5080", "atlanta.com:5080")]
    [InlineData("sip:[2001:db8::1]", "", "[2001:db8::1]", "", "[2001:db8::1]")]
    [InlineData("sip:bob@[2001:db8::1]:5070;transport=udp", "bob", "[2001:db8::1]", "5070", "[2001:db8::1]:5070")]
    [InlineData("<sip:bob@biloxi.com:5080>", "bob", "biloxi.com", "5080", "biloxi.com:5080")]
    [InlineData("\"Bob\" <sip:bob@biloxi.com>;tag=a6c85cf", "bob", "biloxi.com", "", "biloxi.com")]
    [InlineData("sip:+4930123;npdi@gw.example.com", "+4930123;npdi", "gw.example.com", "", "gw.example.com")]
    [InlineData("sip:+4930123;npdi@gw.example.com;user=phone", "+4930123", "gw.example.com", "", "gw.example.com")]
    [InlineData("sips:+4930123@gw.example.com:5061;user=phone", "+4930123", "gw.example.com", "5061", "gw.example.com:5061")]
    [InlineData("tel:+1-201-555-0123;phone-context=example.com", "+1-201-555-0123", "", "", "")]
    [InlineData("sip:my_host.example.com", "", "my_host.example.com", "", "my_host.example.com")]
    public void TryParse_ValidUri_FindsParts(string uri, string user, string host, string port, string hostKey)
    {
        Assert.True(SipUriKey.TryParse(Encoding.UTF8.GetBytes(uri), out var key));
        Assert.Equal(user, Encoding.UTF8.GetString(key.User));
        Assert.Equal(host, Encoding.UTF8.GetString(key.Host));
        Assert.Equal(port, Encoding.UTF8.GetString(key.Port));
        Assert.Equal(hostKey, Encoding.UTF8.GetString(key.HostKey));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sip:")]
    [InlineData("sips")]
    [InlineData("http://atlanta.com")]
    [InlineData("sip:alice@")]
    [InlineData("sip:a@b@c")]
    [InlineData("sip:a:b:c@host")]
    [InlineData("sip:alice@[2001:db8::1")]
    [InlineData("sip:alice@[]")]
    [InlineData("sip:alice@[::1]x")]
    [InlineData("sip:alice@host:50a0")]
    [InlineData("sip:alice@host:123456")]
    [InlineData("sip:alice@ho st")]
    [InlineData("<sip:alice@host")]
    [InlineData("tel:")]
    public void TryParse_BadUri_False(string uri)
    {
        Assert.False(SipUriKey.TryParse(Encoding.UTF8.GetBytes(uri), out _));
    }

    [Property]
    public void TryParse_AnyBytes_NeverThrowsAndPartsAreInsideInput(byte[] tail, bool withScheme)
    {
        tail ??= [];
        var uri = withScheme ? [.. "sip:"u8, .. tail] : tail;
        if (SipUriKey.TryParse(uri, out var key))
        {
            Assert.True(key.HostKey.Length >= key.Host.Length);
            Assert.True(key.User.Length + key.HostKey.Length <= uri.Length);
        }
    }
}
