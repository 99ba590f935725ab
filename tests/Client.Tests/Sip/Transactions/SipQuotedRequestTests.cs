using System.Text;

namespace OrleansLB.Client.Sip.Transactions;

public sealed class SipQuotedRequestTests
{
    [Theory]
    [InlineData("INVITE sip:a@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKab1;rport\r\nVia: SIP/2.0/UDP 198.51.100.7;branch=z9hG4bKzz\r\nMax-Forwards: 69\r\n", "INVITE", "z9hG4bKab1")]
    [InlineData("BYE sip:a@192.0.2.1 SIP/2.0\r\nRoute: <sip:192.0.2.1;lr>\r\nv:SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bKab2 , SIP/2.0/UDP 198.51.100.7;branch=z9hG4bKzz\r\nTo: <sip:a@b>", "BYE", "z9hG4bKab2")]
    [InlineData("OPTIONS sip:192.0.2.1 SIP/2.0\r\nvia : SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKab3\r\n", "OPTIONS", "z9hG4bKab3")]
    public void TryReadKey_QuotedRequest_GivesTheFirstViasBranchAndTheMethod(string quoted, string method, string branch)
    {
        Assert.True(SipQuotedRequest.TryReadKey(Encoding.ASCII.GetBytes(quoted), out var key));
        Assert.Equal(new SipTransactionKey(branch, string.Empty, method), key);
    }

    [Theory]
    [InlineData("INVITE sip:a@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKab")]
    [InlineData("INVITE sip:a@192.0.2.1 SIP/2.0\r\nTo: <sip:a@b>\r\n\r\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKab\r\n")]
    [InlineData("INVITE sip:a@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10;branch=1234\r\n")]
    [InlineData("INVITE sip:a@192.0.2.1 SIP/2.0\r\nVia: garbage\r\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKab\r\n")]
    [InlineData("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKab\r\n")]
    [InlineData("INVITE s")]
    [InlineData("")]
    public void TryReadKey_NoWholeViaOfOurs_False(string quoted)
        => Assert.False(SipQuotedRequest.TryReadKey(Encoding.ASCII.GetBytes(quoted), out _));
}
