using System.Text;

namespace OrleansLB.Client.Sip.Message;

public sealed class SipKnownHeadersTests
{
    [Theory]
    [InlineData("i", "CallId")]
    [InlineData("m", "Contact")]
    [InlineData("e", "ContentEncoding")]
    [InlineData("l", "ContentLength")]
    [InlineData("c", "ContentType")]
    [InlineData("f", "From")]
    [InlineData("s", "Subject")]
    [InlineData("k", "Supported")]
    [InlineData("t", "To")]
    [InlineData("v", "Via")]
    [InlineData("o", "Event")]
    [InlineData("u", "AllowEvents")]
    [InlineData("r", "ReferTo")]
    [InlineData("b", "ReferredBy")]
    [InlineData("x", "SessionExpires")]
    [InlineData("y", "Identity")]
    [InlineData("a", "AcceptContact")]
    [InlineData("j", "RejectContact")]
    [InlineData("d", "RequestDisposition")]
    [InlineData("V", "Via")]
    [InlineData("q", "Unknown")]
    public void Lookup_CompactForm_IsItsHeader(string name, string id)
    {
        Assert.Equal(Enum.Parse<SipHeaderId>(id), SipKnownHeaders.Lookup(Encoding.ASCII.GetBytes(name)));
    }

    [Fact]
    public void Lookup_EveryCanonicalName_RoundTripsInAnyCase()
    {
        foreach (var id in Enum.GetValues<SipHeaderId>().Where(id => id != SipHeaderId.Unknown))
        {
            var name = SipKnownHeaders.GetNameString(id);

            Assert.Equal(id, SipKnownHeaders.Lookup(Encoding.ASCII.GetBytes(name)));
            Assert.Equal(id, SipKnownHeaders.Lookup(Encoding.ASCII.GetBytes(name.ToUpperInvariant())));
            Assert.Equal(id, SipKnownHeaders.Lookup(Encoding.ASCII.GetBytes(name.ToLowerInvariant())));
        }
    }

    [Theory]
    [InlineData("Vias")]
    [InlineData("Call-Id2")]
    [InlineData("Contacts")]
    [InlineData("X-Route")]
    [InlineData("Record_Route")]
    [InlineData("")]
    public void Lookup_NearMisses_AreUnknown(string name)
    {
        Assert.Equal(SipHeaderId.Unknown, SipKnownHeaders.Lookup(Encoding.ASCII.GetBytes(name)));
    }

    [Fact]
    public void Count_CoversEveryId()
    {
        Assert.Equal(SipKnownHeaders.Count, Enum.GetValues<SipHeaderId>().Length);
    }
}
