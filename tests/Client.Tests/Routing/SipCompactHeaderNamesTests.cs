namespace OrleansLB.Client.Routing;

public sealed class SipCompactHeaderNamesTests
{
    [Theory]
    [InlineData("i", "Call-ID")]
    [InlineData("m", "Contact")]
    [InlineData("e", "Content-Encoding")]
    [InlineData("l", "Content-Length")]
    [InlineData("c", "Content-Type")]
    [InlineData("f", "From")]
    [InlineData("s", "Subject")]
    [InlineData("k", "Supported")]
    [InlineData("t", "To")]
    [InlineData("v", "Via")]
    [InlineData("o", "Event")]
    [InlineData("u", "Allow-Events")]
    [InlineData("r", "Refer-To")]
    [InlineData("b", "Referred-By")]
    [InlineData("x", "Session-Expires")]
    [InlineData("y", "Identity")]
    [InlineData("a", "Accept-Contact")]
    [InlineData("j", "Reject-Contact")]
    [InlineData("d", "Request-Disposition")]
    [InlineData("V", "Via")]
    public void TryGetFullName_CompactLetter_FullName(string compact, string expected)
    {
        Assert.True(SipCompactHeaderNames.TryGetFullName(compact, out var fullName));
        Assert.Equal(expected, fullName);
        Assert.Equal(expected, SipCompactHeaderNames.Canonicalize(compact));
        Assert.True(SipCompactHeaderNames.NameEquals(compact, expected));
        Assert.True(SipCompactHeaderNames.NameEquals(expected.ToUpperInvariant(), expected));
    }

    [Theory]
    [InlineData("n")]
    [InlineData("z")]
    [InlineData("1")]
    [InlineData("")]
    [InlineData("vi")]
    public void TryGetFullName_NotACompactForm_False(string name)
    {
        Assert.False(SipCompactHeaderNames.TryGetFullName(name, out _));
    }

    [Theory]
    [InlineData("t", "From", false)]
    [InlineData("f", "From", true)]
    [InlineData("Fro", "From", false)]
    [InlineData("x-carrier", "X-Carrier", true)]
    public void NameEquals_OnlySameNameOrItsLetter(string inMessage, string fullName, bool expected)
    {
        Assert.Equal(expected, SipCompactHeaderNames.NameEquals(inMessage, fullName));
    }

    [Theory]
    [InlineData("CALL-ID", "Call-ID")]
    [InlineData("content-length", "Content-Length")]
    [InlineData("X-Carrier", "X-Carrier")]
    [InlineData("x-carrier", "x-carrier")]
    public void Canonicalize_KnownNameAnyCase_UsualSpelling(string name, string expected)
    {
        Assert.Equal(expected, SipCompactHeaderNames.Canonicalize(name));
    }
}
