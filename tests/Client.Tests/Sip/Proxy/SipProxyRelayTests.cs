using System.Text;
using OrleansLB.Client.Routing;
using OrleansLB.Client.Sip.Message;
using OrleansLB.Client.Sip.Transactions;
using static OrleansLB.Client.Sip.Proxy.ProxyHarness;

namespace OrleansLB.Client.Sip.Proxy;

/// <summary>
/// No open relay: whatever a stranger's Route or Request-URI says, the edge sends its requests only
/// to the dispatcher destinations (issue 6), and what follows its own route set only to or from them.
/// </summary>
public sealed class SipProxyRelayTests : IDisposable
{
    private const string EdgeRoute = "Route: <sip:192.0.2.10:5060;lr>";
    private static readonly string[] Set1 = ["203.0.113.1", "203.0.113.2", "203.0.113.3"];

    private readonly ProxyHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void Invite_PreloadedRouteToAStranger_DispatchedToTheSetWithTheRouteRemoved()
    {
        _h.Receive(Invite(extraHeaders: "Route: <sip:198.18.0.1;lr>"), Phone);

        var invite = _h.TakeRequest("INVITE");
        Assert.Contains(invite.Destination!.Value.EndPoint.Address.ToString(), Set1);
        Assert.False(invite.Parse().Contains(SipHeaderId.Route));
    }

    [Fact]
    public void Invite_PreloadedRouteThroughTheEdgeThenAStranger_BothRemoved()
    {
        _h.Receive(Invite(extraHeaders: $"{EdgeRoute}\r\nRoute: <sip:198.18.0.1;lr>, <sip:198.18.0.2;lr>"), Phone);

        var invite = _h.TakeRequest("INVITE");
        Assert.Contains(invite.Destination!.Value.EndPoint.Address.ToString(), Set1);
        Assert.False(invite.Parse().Contains(SipHeaderId.Route));
    }

    [Theory]
    [InlineData("sip:victim@evil.example.net")]
    [InlineData("sip:victim@198.18.0.1:5060;transport=tcp")]
    [InlineData("sip:+15555550100@[2001:db8::1]")]
    public void Invite_RequestUriForeignDomainOrAddress_GoesOnlyToTheSetWithTheUriUnchanged(string requestUri)
    {
        _h.Receive(Request("INVITE", requestUri: requestUri, body: SipSamples.InviteSdp), Phone);

        var invite = _h.TakeRequest("INVITE");
        Assert.Contains(invite.Destination!.Value.EndPoint.Address.ToString(), Set1);
        Assert.StartsWith($"INVITE {requestUri} SIP/2.0\r\n", invite.Text);
    }

    [Fact]
    public void Request_NoRuleForIt_RefusedWithoutForwarding()
    {
        _h.Receive(Request("SUBSCRIBE", requestUri: "sip:victim@evil.example.net", extraHeaders: "Event: presence\r\nRoute: <sip:198.18.0.1;lr>"), Phone);

        var answer = Assert.Single(_h.Take());
        Assert.StartsWith("SIP/2.0 403 Forbidden\r\n", answer.Text);
        Assert.Equal(Phone, answer.Destination);
    }

    [Fact]
    public void InDialog_StrangerAskingForAForeignRequestUri_403RelayingDenied()
    {
        _h.Receive(Request("BYE", toTag: "x", requestUri: "sip:victim@198.18.0.1", extraHeaders: EdgeRoute), Phone);

        var answer = Assert.Single(_h.Take());
        Assert.StartsWith("SIP/2.0 403 Relaying Denied\r\n", answer.Text);
        Assert.Equal(Phone, answer.Destination);
        Assert.Empty(_h.State.Calls);
    }

    [Fact]
    public void InDialog_StrangerLooseRoutingToAForeignHop_403RelayingDenied()
    {
        _h.Receive(Request("INVITE", toTag: "x", requestUri: "sip:ast@203.0.113.1:5060",
            extraHeaders: $"{EdgeRoute}\r\nRoute: <sip:198.18.0.1;lr>", body: SipSamples.InviteSdp), Phone);

        var sent = _h.Take();
        Assert.DoesNotContain(sent, s => s.IsRequest("INVITE"));
        Assert.Equal(403, sent[^1].StatusCode);
    }

    [Fact]
    public void InDialog_StrangerToADestination_Forwarded()
    {
        _h.Receive(Request("BYE", toTag: "uas1", requestUri: "sip:ast@203.0.113.2:5060", extraHeaders: EdgeRoute), Phone);

        Assert.Equal(Udp("203.0.113.2"), _h.TakeRequest("BYE").Destination);
    }

    [Fact]
    public void InDialog_DestinationToAStranger_Forwarded()
    {
        _h.Receive(Request("BYE", toTag: "a1", requestUri: "sip:alice@198.18.0.1:5060", sentBy: "203.0.113.1:5060", branch: "z9hG4bKast9",
            extraHeaders: EdgeRoute), Udp("203.0.113.1"));

        Assert.Equal(Udp("198.18.0.1"), _h.TakeRequest("BYE").Destination);
    }

    [Fact]
    public void InDialog_RelayOpen_ForwardedAnywhereAsKamailioDoes()
    {
        using var h = new ProxyHarness(new ProxyOptions { Relay = ProxyRelayPolicy.Open });

        h.Receive(Request("BYE", toTag: "x", requestUri: "sip:victim@198.18.0.1", extraHeaders: EdgeRoute), Phone);

        Assert.Equal(Udp("198.18.0.1"), h.TakeRequest("BYE").Destination);
    }

    [Fact]
    public void InDialog_FromARelayPeer_ForwardedAnywhere()
    {
        SourceNetwork.TryParse("198.51.100.0/24", out var peers, out _);
        using var h = new ProxyHarness(new ProxyOptions { RelayPeers = [peers] });

        h.Receive(Request("BYE", toTag: "x", requestUri: "sip:victim@198.18.0.1", extraHeaders: EdgeRoute), Phone);

        Assert.Equal(Udp("198.18.0.1"), h.TakeRequest("BYE").Destination);
    }

    [Fact]
    public void InDialog_NoRouteToTheEdge_404NotHere()
    {
        _h.Receive(Request("BYE", toTag: "x", requestUri: "sip:victim@198.18.0.1"), Phone);

        Assert.StartsWith("SIP/2.0 404 Not Here\r\n", Assert.Single(_h.Take()).Text);
    }

    [Fact]
    public void InDialog_StrictRouterStyleRequestUriIsTheEdge_404NotHere()
    {
        // RFC 2543 strict routing: the edge in the Request-URI and the next hop in Route; not served.
        _h.Receive(Request("BYE", toTag: "x", requestUri: "sip:192.0.2.10:5060", extraHeaders: "Route: <sip:198.18.0.1>"), Phone);

        Assert.StartsWith("SIP/2.0 404 Not Here\r\n", Assert.Single(_h.Take()).Text);
    }

    [Fact]
    public void Ack_StrangerToAForeignHop_Dropped()
    {
        _h.Receive(Request("ACK", toTag: "x", requestUri: "sip:victim@198.18.0.1", extraHeaders: EdgeRoute), Phone);

        Assert.Empty(_h.Take());
    }

    [Fact]
    public void Ack_StrangerToADestination_Forwarded()
    {
        _h.Receive(Request("ACK", toTag: "x", requestUri: "sip:ast@203.0.113.3:5060", extraHeaders: EdgeRoute), Phone);

        Assert.Equal(Udp("203.0.113.3"), Assert.Single(_h.Take()).Destination);
    }

    [Fact]
    public void StrayResponse_StrangerWithOurViaOverAForeignVia_Dropped()
    {
        var request = Encoding.UTF8.GetBytes(Request("INVITE", sentBy: "198.18.0.1:5060",
            extraHeaders: "Via: SIP/2.0/UDP 198.18.0.1:5060;branch=z9hG4bKvictim").Replace("Via: SIP/2.0/UDP 198.18.0.1:5060;branch=z9hG4bKphone1", "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKours", StringComparison.Ordinal));

        _h.Receive(TransactionHarness.ResponseTo(request, 200, "OK"), Phone);

        Assert.Empty(_h.Take());
    }

    [Fact]
    public void Invite_MaxForwardsOne_ForwardedWithZero()
    {
        _h.Receive(Invite(maxForwards: 1), Phone);

        Assert.Equal(0, _h.TakeRequest("INVITE").Parse().MaxForwards);
    }

    [Fact]
    public void Invite_MaxForwardsOver255_400()
    {
        _h.Receive(Invite(maxForwards: 256), Phone);

        Assert.StartsWith("SIP/2.0 400 Bad Request - Malformed Max-Forwards\r\n", Assert.Single(_h.Take()).Text);
    }

    [Fact]
    public void Invite_ProxyRequire_420WithTheOptionsUnsupported()
    {
        _h.Receive(Invite(extraHeaders: "Proxy-Require: foo, bar"), Phone);

        var answer = _h.Take()[^1];
        Assert.StartsWith("SIP/2.0 420 Bad Extension\r\n", answer.Text);
        Assert.Contains("\r\nUnsupported: foo, bar\r\n", answer.Text);
    }

    [Fact]
    public void Invite_RequestUriOfAnUnknownScheme_416()
    {
        _h.Receive(Request("INVITE", requestUri: "nobodyknowsthisscheme:totallyopaquecontent", body: SipSamples.InviteSdp), Phone);

        Assert.StartsWith("SIP/2.0 416 Unsupported URI Scheme\r\n", _h.Take()[^1].Text);
    }
}
