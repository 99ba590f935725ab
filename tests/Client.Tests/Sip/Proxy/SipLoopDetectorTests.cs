using System.Text;
using OrleansLB.Client.Sip.Message;
using OrleansLB.Client.Sip.Parsing;

namespace OrleansLB.Client.Sip.Proxy;

public sealed class SipLoopDetectorTests
{
    [Fact]
    public void Hash_IgnoresTheTopViaButNotTheRequestUriOrCSeq()
    {
        var a = Parse(ProxyHarness.Invite());
        var otherVia = Parse(ProxyHarness.Invite(branch: "z9hG4bKelse", sentBy: "198.51.100.8:5070"));
        var otherUri = Parse(ProxyHarness.Invite(user: "101"));
        var otherCSeq = Parse(ProxyHarness.Request("INVITE", cseq: 2));

        Assert.Equal(SipLoopDetector.Hash(a), SipLoopDetector.Hash(otherVia));
        Assert.NotEqual(SipLoopDetector.Hash(a), SipLoopDetector.Hash(otherUri));
        Assert.NotEqual(SipLoopDetector.Hash(a), SipLoopDetector.Hash(otherCSeq));
    }

    private static SipMessage Parse(string text)
    {
        var result = SipParser.Default.Parse(Encoding.UTF8.GetBytes(text), SipFraming.Datagram, out var message);
        Assert.True(result.IsOk, result.ToString());
        return message;
    }
}
